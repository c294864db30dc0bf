/** Shell-style glob for names (`*` any run of characters, `?` one character); case-sensitive. */
export function compileGlob(glob: string): (value: string) => boolean {
  if (!glob.includes('*') && !glob.includes('?')) return (value) => value === glob;
  const source = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.');
  const regex = new RegExp(`^${source}$`, 's');
  return (value) => regex.test(value);
}
