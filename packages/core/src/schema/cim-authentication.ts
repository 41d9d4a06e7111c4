/**
 * Splunk CIM Authentication data model, written by hand as data from Splunk's public documentation:
 * https://help.splunk.com/data-management/common-information-model/6.0/data-models/authentication
 * (also at https://docs.splunk.com/Documentation/CIM/6.0.1/User/Authentication). Splunk's data model JSON
 * file carries no licence and is deliberately not copied; only field names, data types, prescribed values and
 * dataset constraints are recorded here, and the descriptions are our own words.
 */

export type CimDataType = "string" | "number";

export interface CimFieldSpec {
  readonly name: string;
  readonly type: CimDataType;
  /** "Recommended" in the documentation: add-ons make a best effort to fill it. */
  readonly recommended: boolean;
  /** Prescribed values, when the documentation gives them. */
  readonly expectedValues?: readonly string[];
  /** For the dest/src host and IP fields the documentation names as sources of dest/src. */
  readonly aliasOf?: string;
  /** Filled by Splunk Enterprise Security asset and identity correlation, not by add-ons. */
  readonly assetIdentity?: boolean;
  readonly description: string;
}

/** Prescribed values of `action` in the Authentication data model. */
export const CIM_AUTHENTICATION_ACTIONS = ["success", "failure", "pending", "error"] as const;

/** The tag every event of the model carries (the root dataset's constraint). */
export const CIM_AUTHENTICATION_TAG = "authentication";

const s = (name: string, description: string, extra: Partial<CimFieldSpec> = {}): CimFieldSpec => ({
  name,
  type: "string",
  recommended: false,
  description,
  ...extra,
});
const n = (name: string, description: string): CimFieldSpec => ({
  name,
  type: "number",
  recommended: false,
  description,
});
const rec = { recommended: true } as const;
const ai = { assetIdentity: true } as const;

/** Fields of the Authentication dataset, in the documentation's order, then the dest/src aliases. */
export const CIM_AUTHENTICATION_FIELDS: readonly CimFieldSpec[] = [
  s("action", "Outcome of the authentication attempt.", {
    ...rec,
    expectedValues: CIM_AUTHENTICATION_ACTIONS,
  }),
  s("app", "Application the authentication was for (for Windows logons, the authentication package).", rec),
  s("authentication_method", "How the request was authenticated (protocol or mechanism)."),
  s("authentication_service", "Service that performed the authentication."),
  s("dest", "Target of the authentication (host, IP or name).", rec),
  s("dest_bunit", "Business unit of the target.", ai),
  s("dest_category", "Category of the target.", ai),
  s("dest_nt_domain", "Active Directory domain of the target, if any."),
  s("dest_priority", "Priority of the target.", ai),
  n("duration", "Time the authentication took, in seconds."),
  s("process", "Process that handled the authentication."),
  s("reason", "Human-readable reason for the outcome."),
  s("reason_id", "Identifier of the reason for the outcome."),
  n("response_time", "Time to respond to the authentication request, in seconds."),
  s("session_id", "Identifier of the session the authentication opened or belongs to."),
  s("signature", "Human-readable name of the event type."),
  s("signature_id", "Identifier of the event type (for Windows, the event id), as a string."),
  s("src", "Source of the authentication: the client (host, IP or name).", rec),
  s("src_bunit", "Business unit of the source.", ai),
  s("src_category", "Category of the source.", ai),
  s("src_nt_domain", "Active Directory domain of the source, if any."),
  s("src_priority", "Priority of the source.", ai),
  s("src_user", "In privilege escalation, the user who initiated it.", rec),
  s("src_user_bunit", "Business unit of src_user.", ai),
  s("src_user_category", "Category of src_user.", ai),
  s("src_user_id", "Identifier of src_user."),
  s("src_user_priority", "Priority of src_user.", ai),
  s("src_user_role", "Role of src_user."),
  s("src_user_type", "Type of src_user."),
  s("tag", "Tags of the event; always includes authentication."),
  s("user", "User involved in the event (for escalation, the target user).", rec),
  s("user_agent", "User agent of the client, when there is one."),
  s("user_bunit", "Business unit of the user.", ai),
  s("user_category", "Category of the user.", ai),
  s("user_id", "Identifier of the user."),
  s("user_priority", "Priority of the user.", ai),
  s("user_role", "Role of the user."),
  s("user_type", "Type of the user."),
  s("vendor_account", "Account of the vendor service that reported the event."),
  s("vendor_product", "Product that reported the event."),
  s("dest_host", "Host name of the target.", { aliasOf: "dest" }),
  s("dest_ip", "IP address of the target.", { aliasOf: "dest" }),
  s("dest_nt_host", "NetBIOS name of the target.", { aliasOf: "dest" }),
  s("src_host", "Host name of the source.", { aliasOf: "src" }),
  s("src_ip", "IP address of the source.", { aliasOf: "src" }),
  s("src_nt_host", "NetBIOS name of the source.", { aliasOf: "src" }),
];

/** A dataset constraint: the field holds (one of) the values. */
export interface CimConstraint {
  readonly field: string;
  readonly anyOf: readonly string[];
}

export interface CimDataset {
  readonly name: string;
  readonly parent?: string;
  readonly constraint: CimConstraint;
}

/** The Authentication root dataset and its children, each with the constraint that selects its events. */
export const CIM_AUTHENTICATION_DATASETS: readonly CimDataset[] = [
  { name: "Authentication", constraint: { field: "tag", anyOf: [CIM_AUTHENTICATION_TAG] } },
  {
    name: "Failed_Authentication",
    parent: "Authentication",
    constraint: { field: "action", anyOf: ["failure"] },
  },
  {
    name: "Successful_Authentication",
    parent: "Authentication",
    constraint: { field: "action", anyOf: ["success"] },
  },
  {
    name: "Default_Authentication",
    parent: "Authentication",
    constraint: { field: "tag", anyOf: ["default"] },
  },
  {
    name: "Insecure_Authentication",
    parent: "Authentication",
    constraint: { field: "tag", anyOf: ["cleartext", "insecure"] },
  },
  {
    name: "Privileged_Authentication",
    parent: "Authentication",
    constraint: { field: "tag", anyOf: ["privileged"] },
  },
];

/** Fields every Splunk event has (or that Windows add-ons always extract), allowed beside the model's. */
export const SPLUNK_DEFAULT_FIELDS: readonly string[] = [
  "time",
  "host",
  "source",
  "sourcetype",
  "index",
  "EventCode",
];

/** Prefixes this project reserves for fields outside the model. */
export const DEFAULT_CIM_EXTRA_PREFIXES: readonly string[] = ["ntlm_", "vendor_"];
