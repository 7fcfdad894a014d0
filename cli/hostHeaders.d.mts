export interface HeaderRule {
  pattern: RegExp;
  headers: [string, string][];
}
export function parseHeadersFile(text: string): HeaderRule[];
export function loadHeaderRules(root: string): HeaderRule[];
export function headersFor(rules: readonly HeaderRule[], path: string): Record<string, string>;
