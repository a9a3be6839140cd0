/** Cucumber's message formatter (cucumber.ndjson) with its writes gathered (src/report/buffered-formatters.ts) */
import { cucumberFormatter, gatheredPlugin } from './buffered-formatters.ts';

export default gatheredPlugin(cucumberFormatter('message'));
