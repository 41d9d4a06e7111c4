/** A URL fit to print: user info (https://user:password@host) removed, since ELASTIC_URL may carry credentials. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    return parsed.toString().replace(/\/$/, "");
  } catch {
    return "[unparseable URL]";
  }
}
