/**
 * The ingest processors the generated pipeline may use, each with the reference page that documents it. A test
 * walks the pipeline (processors, on_failure, nested on_failure) and fails on anything not listed, so an
 * undocumented or plugin-only processor cannot slip in.
 */
export const PROCESSOR_ALLOW_LIST: Readonly<Record<string, string>> = {
  set: "https://www.elastic.co/guide/en/elasticsearch/reference/current/set-processor.html",
  script: "https://www.elastic.co/guide/en/elasticsearch/reference/current/script-processor.html",
  append: "https://www.elastic.co/guide/en/elasticsearch/reference/current/append-processor.html",
  remove: "https://www.elastic.co/guide/en/elasticsearch/reference/current/remove-processor.html",
  rename: "https://www.elastic.co/guide/en/elasticsearch/reference/current/rename-processor.html",
  convert: "https://www.elastic.co/guide/en/elasticsearch/reference/current/convert-processor.html",
};
