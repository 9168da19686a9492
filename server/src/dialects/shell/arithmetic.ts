// Evaluates `$(( ... ))` when every operand is known: integers, variables,
// + - * / % and parentheses (enough for `$((PASV_MIN + 99))`). Anything else
// is unknown. Recursive descent with a depth bound; never throws.

const MAX_DEPTH = 32;

export function evaluateArithmetic(expression: string, lookup: (name: string) => string | undefined): number | undefined {
  const tokens = expression.match(/\d+|[A-Za-z_][A-Za-z0-9_]*|\$[A-Za-z_][A-Za-z0-9_]*|\$\{[A-Za-z_][A-Za-z0-9_]*\}|[-+*/%()]|\S/g) ?? [];
  let index = 0;
  let depth = 0;

  const operand = (): number | undefined => {
    const token = tokens[index++];
    if (token === undefined) return undefined;
    if (token === '(') {
      if (++depth > MAX_DEPTH) return undefined;
      const inner = sum();
      depth--;
      return tokens[index++] === ')' ? inner : undefined;
    }
    if (token === '-' || token === '+') {
      const value = operand();
      return value === undefined ? undefined : token === '-' ? -value : value;
    }
    if (/^\d+$/.test(token)) return Number(token);
    const name = token.replace(/^\$\{?|\}$/g, '');
    if (!/^[A-Za-z_]/.test(name)) return undefined;
    const text = lookup(name);
    if (text === undefined) return undefined;
    // An empty or unset variable counts as 0, as in the shell.
    if (text.trim() === '') return 0;
    return /^\s*-?\d+\s*$/.test(text) ? Number(text) : undefined;
  };

  const product = (): number | undefined => {
    let left = operand();
    while (left !== undefined && (tokens[index] === '*' || tokens[index] === '/' || tokens[index] === '%')) {
      const op = tokens[index++];
      const right = operand();
      if (right === undefined || (op !== '*' && right === 0)) return undefined;
      left = op === '*' ? left * right : op === '/' ? Math.trunc(left / right) : left % right;
    }
    return left;
  };

  const sum = (): number | undefined => {
    let left = product();
    while (left !== undefined && (tokens[index] === '+' || tokens[index] === '-')) {
      const op = tokens[index++];
      const right = product();
      if (right === undefined) return undefined;
      left = op === '+' ? left + right : left - right;
    }
    return left;
  };

  const result = sum();
  return result !== undefined && index === tokens.length && Number.isSafeInteger(result) ? result : undefined;
}
