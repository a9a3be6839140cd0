/** values of tags of the form @name:value on a pickle */
export function tagValues(tags: readonly { name: string }[], name: string): string[] {
  const prefix = `@${name}:`;
  return tags.filter((t) => t.name.startsWith(prefix)).map((t) => t.name.slice(prefix.length));
}
