/** Cucumber's html formatter (cucumber.html) with its writes gathered (src/report/buffered-formatters.ts) */
import { cucumberFormatter, gatheredPlugin } from './buffered-formatters.ts';

export default gatheredPlugin(cucumberFormatter('html'));
