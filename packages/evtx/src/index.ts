// @ntlm-siem/evtx: streaming reader of binary .evtx files.
export * from "./binxml/constants.js";
