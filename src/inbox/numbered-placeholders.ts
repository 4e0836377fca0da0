/** `?` placeholders as PostgreSQL numbers them: `$1`, `$2`, … (the inbox's SQL has no `?` in a literal). */
export function numberedPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
