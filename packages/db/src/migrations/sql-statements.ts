/**
 * Splits SQL text into its statements at the semicolons outside comments, quoted strings, quoted
 * identifiers and dollar-quoted bodies, without their comments. Comments and whitespace alone do
 * not make a statement.
 * Enough to count the statements of a migration file; not a parser.
 */
export function splitSqlStatements(sql: string): string[] {
  const statements: string[] = [];
  let current = '';
  let hasCode = false;
  let i = 0;
  const flush = () => {
    if (hasCode) statements.push(current.trim());
    current = '';
    hasCode = false;
  };
  while (i < sql.length) {
    const ch = sql[i]!;
    const next = sql[i + 1];
    let end = i + 1;
    let code = true;
    if (ch === '-' && next === '-') {
      const newline = sql.indexOf('\n', i);
      end = newline === -1 ? sql.length : newline;
      code = false;
    } else if (ch === '/' && next === '*') {
      let depth = 1;
      end = i + 2;
      while (end < sql.length && depth > 0) {
        if (sql.startsWith('/*', end)) {
          depth += 1;
          end += 2;
        } else if (sql.startsWith('*/', end)) {
          depth -= 1;
          end += 2;
        } else {
          end += 1;
        }
      }
      code = false;
    } else if (ch === "'" || ch === '"') {
      const escapes = ch === "'" && /[eE]/.test(sql[i - 1] ?? '') && !/\w/.test(sql[i - 2] ?? '');
      end = i + 1;
      while (end < sql.length) {
        if (escapes && sql[end] === '\\') end += 2;
        else if (sql[end] === ch && sql[end + 1] === ch) end += 2;
        else if (sql[end] === ch) {
          end += 1;
          break;
        } else end += 1;
      }
    } else if (ch === '$') {
      const tag = /^\$(?:[A-Za-z_][A-Za-z_0-9]*)?\$/.exec(sql.slice(i))?.[0];
      if (tag !== undefined && !/\w/.test(sql[i - 1] ?? '')) {
        const close = sql.indexOf(tag, i + tag.length);
        end = close === -1 ? sql.length : close + tag.length;
      }
    } else if (ch === ';') {
      flush();
      i += 1;
      continue;
    } else if (/\s/.test(ch)) {
      code = false;
    }
    // Comments are left out of the statement's text.
    const isComment = (ch === '-' && next === '-') || (ch === '/' && next === '*');
    if (!isComment) current += sql.slice(i, end);
    if (code) hasCode = true;
    i = end;
  }
  flush();
  return statements;
}
