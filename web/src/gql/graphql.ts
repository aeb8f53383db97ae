/* eslint-disable */
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** Arbitrary JSON, for provider extras. */
  JSON: { input: unknown; output: unknown; }
  /** A point in time, RFC 3339 in UTC. */
  Time: { input: string; output: string; }
};

/** Whether an RMM agent is in contact; independent of the asset's lifecycle status. */
export type AgentStatus =
  /** Not in contact. */
  | 'OFFLINE'
  /** In contact. */
  | 'ONLINE'
  /** Late for its expected check-in. */
  | 'OVERDUE'
  /** The RMM does not say. */
  | 'UNKNOWN';

/** An alert an RMM raised about a device (or about itself). */
export type Alert = Node & {
  /** When it was acknowledged, here or in the RMM. */
  acknowledgedAt?: Maybe<Scalars['Time']['output']>;
  /** The RMM's kind of condition (its condition or alert type). */
  alertClass?: Maybe<Scalars['String']['output']>;
  /** The device's asset, once the device is synced. */
  asset?: Maybe<Asset>;
  /** The condition's identity across occurrences. */
  dedupKey?: Maybe<Scalars['String']['output']>;
  /** The device's name as the RMM reported it with the alert. */
  deviceName?: Maybe<Scalars['String']['output']>;
  /** The device's id in the RMM; kept for an alert that arrived before its device was synced. */
  externalDeviceId?: Maybe<Scalars['String']['output']>;
  /** The alert's id in the RMM. */
  externalId: Scalars['String']['output'];
  /** Global ID. */
  id: Scalars['ID']['output'];
  /** The integration that reported it. */
  integration: Integration;
  /** When it last triggered again. */
  lastOccurrenceAt?: Maybe<Scalars['Time']['output']>;
  /** What the RMM says happened. */
  message?: Maybe<Scalars['String']['output']>;
  /** How many times it triggered. */
  occurrenceCount: Scalars['Int']['output'];
  /** The RMM's priority, if any: critical, high, medium, low, none. */
  priority?: Maybe<Scalars['String']['output']>;
  /** When it was resolved or auto-resolved. */
  resolvedAt?: Maybe<Scalars['Time']['output']>;
  /** How serious it is. */
  severity: AlertSeverity;
  /** Where it came from, as the provider names it. */
  sourceType?: Maybe<Scalars['String']['output']>;
  /** Where it stands. */
  status: AlertStatus;
  /** When it was first triggered, by the RMM's clock. */
  triggeredAt?: Maybe<Scalars['Time']['output']>;
  /** When rmmgraph last changed it. */
  updatedAt: Scalars['Time']['output'];
};

/** A page of alerts, newest trigger first. */
export type AlertConnection = {
  /** The alerts with their cursors. */
  edges: Array<AlertEdge>;
  /** The alerts. */
  nodes: Array<Alert>;
  /** Paging position. */
  pageInfo: PageInfo;
  /** How many alerts match, over all pages. */
  totalCount: Scalars['Int']['output'];
};

/** An alert in a connection. */
export type AlertEdge = {
  /** Keyset cursor. */
  cursor: Scalars['String']['output'];
  /** The alert. */
  node: Alert;
};

/** An alert as it changed. */
export type AlertEvent = {
  /** The alert after the change. */
  alert: Alert;
  /** When rmmgraph made the change. */
  at: Scalars['Time']['output'];
  /** Its status after the change. */
  status: AlertStatus;
};

/** Narrows the alert list; omitted fields do not filter. */
export type AlertFilter = {
  /** Global IDs of assets. */
  assetIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** Global IDs of clients: alerts of their assets. */
  clientIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** Provider ids. */
  providers?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Only alerts of these severities. */
  severities?: InputMaybe<Array<AlertSeverity>>;
  /** Only alerts in these statuses. */
  statuses?: InputMaybe<Array<AlertStatus>>;
  /** Triggered at or after. */
  triggeredAfter?: InputMaybe<Scalars['Time']['input']>;
  /** Triggered before. */
  triggeredBefore?: InputMaybe<Scalars['Time']['input']>;
};

/** Names an alert. */
export type AlertInput = {
  /** Global ID of the alert. */
  alertId: Scalars['ID']['input'];
};

/** Result of acknowledging or resolving an alert. */
export type AlertPayload = {
  /** The alert as it now is. */
  alert?: Maybe<Alert>;
  /** Whether the RMM was told too; false when its provider cannot be, and the change is local. */
  pushedToRmm: Scalars['Boolean']['output'];
  /** Why the input was refused; empty on success. */
  userErrors: Array<UserError>;
};

/** An integration's periodic alert poll (`settings.alertPolling`). */
export type AlertPolling = {
  /** On unless turned off. */
  enabled: Scalars['Boolean']['output'];
  /** Minutes between polls, 5 to 60. */
  intervalMinutes: Scalars['Int']['output'];
};

/** An alert's severity, in the PSA's five levels. */
export type AlertSeverity =
  /** Service is down or data is at risk: act now. */
  | 'CRITICAL'
  /** Serious degradation: act soon. */
  | 'MAJOR'
  /** Worth knowing; no action needed yet. */
  | 'MINOR'
  /** A problem that needs attention. */
  | 'MODERATE'
  /** Informational. */
  | 'NONE';

/** Where an alert stands. */
export type AlertStatus =
  /** Someone is on it. */
  | 'ACKNOWLEDGED'
  /** Triggered and not resolved. */
  | 'ACTIVE'
  /** Gone from the RMM's active alerts without a reset being received. */
  | 'AUTO_RESOLVED'
  /** Reset in the RMM, or resolved here. */
  | 'RESOLVED'
  /** Held back by a maintenance window. */
  | 'SUPPRESSED';

/** A PSA asset. */
export type Asset = Node & {
  /** The asset's alerts, newest trigger first. */
  alerts: AlertConnection;
  /** Asset tag. */
  assetTag: Scalars['String']['output'];
  /** Kind. */
  assetType: AssetType;
  /** The client it belongs to. */
  client: Client;
  /** When it was created. */
  createdAt?: Maybe<Scalars['Time']['output']>;
  /** Identities in external systems. */
  externalMappings: Array<ExternalMapping>;
  /** Global ID. */
  id: Scalars['ID']['output'];
  /** Why this asset is this device: its sources with their rules and evidence, and where each field group comes from. */
  identity: AssetIdentity;
  /** Location. */
  location?: Maybe<Scalars['String']['output']>;
  /** Name. */
  name: Scalars['String']['output'];
  /** RMM fields; null for assets not from an RMM. */
  rmm?: Maybe<AssetRmm>;
  /** Serial number; placeholders such as "To Be Filled By O.E.M." are never stored. */
  serialNumber?: Maybe<Scalars['String']['output']>;
  /** Server details, for servers. */
  server?: Maybe<ServerDetails>;
  /** Lifecycle: `active`, `inactive` (retired) or `pending`. */
  status: Scalars['String']['output'];
  /** When it last changed. */
  updatedAt?: Maybe<Scalars['Time']['output']>;
  /** Workstation details, for workstations. */
  workstation?: Maybe<WorkstationDetails>;
};


/** A PSA asset. */
export type AssetAlertsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  statuses?: InputMaybe<Array<AlertStatus>>;
};

/** A page of assets. */
export type AssetConnection = {
  /** The assets with their cursors. */
  edges: Array<AssetEdge>;
  /** The assets. */
  nodes: Array<Asset>;
  /** Paging position. */
  pageInfo: PageInfo;
  /** How many assets match, over all pages. */
  totalCount: Scalars['Int']['output'];
};

/** An asset in a connection. */
export type AssetEdge = {
  /** Keyset cursor. */
  cursor: Scalars['String']['output'];
  /** The asset. */
  node: Asset;
};

/** Narrows the asset list; every given condition must hold. */
export type AssetFilter = {
  /** Assets whose agent has one of these statuses. */
  agentStatuses?: InputMaybe<Array<AgentStatus>>;
  /** Assets of these types. */
  assetTypes?: InputMaybe<Array<AssetType>>;
  /** Assets rmmgraph last changed (a sync, an event or an edit) at or after this time. */
  changedAfter?: InputMaybe<Scalars['Time']['input']>;
  /** Assets rmmgraph last changed at or before this time. */
  changedBefore?: InputMaybe<Scalars['Time']['input']>;
  /** Assets of these clients (global IDs). */
  clientIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** Assets last seen by their RMM at or after this time. */
  lastSeenAfter?: InputMaybe<Scalars['Time']['input']>;
  /** Assets last seen by their RMM before this time. */
  lastSeenBefore?: InputMaybe<Scalars['Time']['input']>;
  /** Assets synced from these providers. */
  providers?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Part of the name or serial number, ignoring case. */
  search?: InputMaybe<Scalars['String']['input']>;
  /** Assets with these lifecycle statuses, e.g. `active`, `inactive`. */
  statuses?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** Why an asset is the device it is, and where its fields come from. */
export type AssetIdentity = {
  /** That rule's evidence. */
  evidence: Array<IdentityEvidence>;
  /** The provider each field group shows, in `FieldGroup` order. */
  fieldSources: Array<FieldSource>;
  /** For an asset retired by a confirmed match: the asset it was merged into. */
  mergedInto?: Maybe<Asset>;
  /** The strongest reason a second source was tied to the asset; `PROVIDER_ID` for an asset one provider reports. */
  rule: IdentityRule;
  /** Every provider's device that is this asset, retired ones included, oldest first. */
  sources: Array<AssetSource>;
};

/** Asset ordering. */
export type AssetOrder = {
  /** The direction. */
  direction: OrderDirection;
  /** The key. */
  field: AssetOrderField;
};

/** What assets are ordered by. */
export type AssetOrderField =
  /** Name, then ID. */
  | 'NAME';

/** Where an asset comes from in its RMM. */
export type AssetRmm = {
  /** Agent connectivity. */
  agentStatus: AgentStatus;
  /** The device's id in the RMM. */
  deviceId: Scalars['String']['output'];
  /** Last agent contact the RMM reported. */
  lastSeenAt?: Maybe<Scalars['Time']['output']>;
  /** Last time a sync wrote this asset. */
  lastSyncAt?: Maybe<Scalars['Time']['output']>;
  /** The scope's id in the RMM. */
  organizationId?: Maybe<Scalars['String']['output']>;
  /** Provider id. */
  provider: Scalars['String']['output'];
};

/** One provider's device that is this asset. */
export type AssetSource = {
  /** The evidence of the rule, empty for `PROVIDER_ID`. */
  evidence: Array<IdentityEvidence>;
  /** The device's id in that RMM. */
  externalId: Scalars['String']['output'];
  /** While several RMMs report the asset, the values this one last reported, by column (`column` of the asset, `table.column` of its extension row), whether or not the asset shows them; null for an asset one RMM reports, whose values are the asset's. */
  fields?: Maybe<Scalars['JSON']['output']>;
  /** When the device last checked in with that RMM, as last synced. */
  lastSeenAt?: Maybe<Scalars['Time']['output']>;
  /** The provider id. */
  provider: Scalars['String']['output'];
  /** Whether that RMM no longer reports the device. */
  retired: Scalars['Boolean']['output'];
  /** Why this device is this asset. */
  rule: IdentityRule;
  /** The scope the device is in. */
  scopeId?: Maybe<Scalars['String']['output']>;
  /** When the device was tied to the asset. */
  since: Scalars['Time']['output'];
};

/** The kind of an asset. */
export type AssetType =
  /** A phone or tablet. */
  | 'MOBILE_DEVICE'
  /** A switch, router, firewall, access point or load balancer. */
  | 'NETWORK_DEVICE'
  /** A printer. */
  | 'PRINTER'
  /** A server. */
  | 'SERVER'
  /** Not known. */
  | 'UNKNOWN'
  /** A desktop or laptop. */
  | 'WORKSTATION';

/** A started OAuth authorization. */
export type BeginAuthorizationPayload = {
  /** Where to send the admin to sign in to the RMM; it returns to this server's `/oauth/{provider}/callback`. Usable once, within 10 minutes. */
  authorizeUrl?: Maybe<Scalars['String']['output']>;
  /** When the authorization can no longer be completed. */
  expiresAt?: Maybe<Scalars['Time']['output']>;
  /** Why the input was refused; empty on success. */
  userErrors: Array<UserError>;
};

/** Names a sync run. */
export type CancelSyncInput = {
  /** Global ID of the run. */
  runId: Scalars['ID']['input'];
};

/** Names a candidate. */
export type CandidateInput = {
  /** The candidate's global ID. */
  candidateId: Scalars['ID']['input'];
};

/** Where a doubtful match stands. */
export type CandidateStatus =
  /** Confirmed: the assets were merged. */
  | 'CONFIRMED'
  /** Awaiting an admin. */
  | 'OPEN'
  /** Rejected: the pair is never proposed again. */
  | 'REJECTED'
  /** Closed because one of its assets was merged into a third. */
  | 'SUPERSEDED';

/** A PSA client (a customer of the MSP). RMM scopes map to clients, and assets belong to one. */
export type Client = Node & {
  /** Free-form classification, e.g. `company` or `individual`. */
  clientType?: Maybe<Scalars['String']['output']>;
  /** When it was created. */
  createdAt: Scalars['Time']['output'];
  /** Global ID. */
  id: Scalars['ID']['output'];
  /** Inactive clients stay readable but should not receive new mappings. */
  isInactive: Scalars['Boolean']['output'];
  /** Name, unique per tenant ignoring case. */
  name: Scalars['String']['output'];
  /** When it last changed. */
  updatedAt: Scalars['Time']['output'];
  /** Website. */
  url?: Maybe<Scalars['String']['output']>;
};

/** A page of clients ordered by name. */
export type ClientConnection = {
  /** The clients with their cursors. */
  edges: Array<ClientEdge>;
  /** The clients. */
  nodes: Array<Client>;
  /** Paging position. */
  pageInfo: PageInfo;
  /** How many clients match, over all pages. */
  totalCount: Scalars['Int']['output'];
};

/** A client in a connection. */
export type ClientEdge = {
  /** Keyset cursor of this client. */
  cursor: Scalars['String']['output'];
  /** The client. */
  node: Client;
};

/** Result of a client mutation. */
export type ClientPayload = {
  /** The client as stored; null when the input was refused. */
  client?: Maybe<Client>;
  /** Why the input was refused; empty on success. */
  userErrors: Array<UserError>;
};

/** A client an unmapped scope probably belongs to. */
export type ClientSuggestion = {
  /** The client. */
  client: Client;
  /** Why, in words. */
  reason: Scalars['String']['output'];
  /** How sure: 1 for the same name, 0.9 when the scope's name contains the client's, down to 0.6 for names sharing most of their words. */
  score: Scalars['Float']['output'];
};

/** Another field's value a config field depends on. */
export type ConfigCondition = {
  /** The value it must have. */
  equals: Scalars['String']['output'];
  /** That field's key. */
  field: Scalars['String']['output'];
};

/** A configuration value a provider needs; a UI renders the settings form from these alone. */
export type ConfigField = {
  /** A form may fold the field away under "Advanced". */
  advanced: Scalars['Boolean']['output'];
  /**
   * Whether the value decides where or as whom rmmgraph connects (a URL, a
   * credential, a CA): changing it needs the integration verified again.
   */
  affectsConnection: Scalars['Boolean']['output'];
  /** The value in effect when none is set. */
  default?: Maybe<Scalars['String']['output']>;
  /** Help text, if any. */
  help?: Maybe<Scalars['String']['output']>;
  /** Key to submit the value under. */
  key: Scalars['String']['output'];
  /** How to render and validate the value. */
  kind: ConfigFieldKind;
  /** Field label. */
  label: Scalars['String']['output'];
  /** The largest value an `INT` field takes. */
  max?: Maybe<Scalars['Int']['output']>;
  /** The smallest value an `INT` field takes. */
  min?: Maybe<Scalars['Int']['output']>;
  /** The field takes several lines (a PEM bundle). */
  multiline: Scalars['Boolean']['output'];
  /** The choices of an `ENUM` field; null for other kinds. */
  options?: Maybe<Array<ConfigOption>>;
  /** A regular expression a value must match in full (`TEXT`, `SECRET`). */
  pattern?: Maybe<Scalars['String']['output']>;
  /** What the pattern asks for, in words. */
  patternHelp?: Maybe<Scalars['String']['output']>;
  /** Example value, if any. */
  placeholder?: Maybe<Scalars['String']['output']>;
  /** Whether the integration cannot work without it. */
  required: Scalars['Boolean']['output'];
  /** The field applies only while another field has a value; hide it otherwise. */
  shownWhen?: Maybe<ConfigCondition>;
};

/** How a settings form renders a configuration field. */
export type ConfigFieldKind =
  /** A switch. */
  | 'BOOL'
  /** One of `options`. */
  | 'ENUM'
  /** A whole number. */
  | 'INT'
  /** A credential: write-only, never returned. */
  | 'SECRET'
  /** Free text. */
  | 'TEXT'
  /** An http(s) URL. */
  | 'URL';

/** One choice of an `ENUM` configuration field. */
export type ConfigOption = {
  /** What to show. */
  label: Scalars['String']['output'];
  /** The value to submit. */
  value: Scalars['String']['output'];
};

/** One configuration value of an integration. */
export type ConfigValue = {
  /** Whether `value` is the field's default because none is stored. */
  isDefault: Scalars['Boolean']['output'];
  /** Whether a value is stored. For secrets this is all that is ever revealed. */
  isSet: Scalars['Boolean']['output'];
  /** The config field's key. */
  key: Scalars['String']['output'];
  /** The value in effect: the stored one, else the field's default; always null for secrets. */
  value?: Maybe<Scalars['String']['output']>;
};

/** One configuration value to set. */
export type ConfigValueInput = {
  /** A config field key of the provider. */
  key: Scalars['String']['input'];
  /** The value; an empty string removes it. */
  value: Scalars['String']['input'];
};

/** Creates or changes a provider's integration. */
export type ConfigureIntegrationInput = {
  /** Provider id (see `providers`). */
  provider: Scalars['String']['input'];
  /** Values to set; fields not named keep their stored value. Required fields must end up set. */
  values: Array<ConfigValueInput>;
};

/** The result of `confirmMatch`. */
export type ConfirmMatchPayload = {
  /** The confirmed candidate. */
  candidate?: Maybe<IdentityCandidate>;
  /** The newer asset, retired and marked merged into the survivor. */
  retired?: Maybe<Asset>;
  /** The older asset, which now has every source. */
  survivor?: Maybe<Asset>;
  /** Why nothing was merged. */
  userErrors: Array<UserError>;
};

/** The result of `confirmRetirement`. */
export type ConfirmRetirementPayload = {
  /** How many assets retired (an asset another provider still reports only loses this source). */
  retired: Scalars['Int']['output'];
  /** The scope, its hold cleared. */
  scopeMapping?: Maybe<ScopeMapping>;
  /** Why nothing retired. */
  userErrors: Array<UserError>;
};

/** Whether an integration can reach its RMM. */
export type ConnectionStatus =
  /** Verified: syncs, alert polls and webhooks run. */
  | 'CONNECTED'
  /** Configured but not verified since its connection settings last changed. */
  | 'NOT_VERIFIED'
  /** Its authorization (an OAuth refresh token) was revoked or expired: its schedule is paused and webhooks are refused until someone authorizes it again with `beginAuthorization`. */
  | 'RECONNECT_REQUIRED';

/** A new client. */
export type CreateClientInput = {
  /** Free-form classification. */
  clientType?: InputMaybe<Scalars['String']['input']>;
  /** Name, 1 to 255 characters, unique per tenant ignoring case. */
  name: Scalars['String']['input'];
  /** Website, an http(s) URL. */
  url?: InputMaybe<Scalars['String']['input']>;
};

/** Result of scope discovery. */
export type DiscoverScopesPayload = {
  /** Scopes seen for the first time. */
  added: Scalars['Int']['output'];
  /** External ids of scopes known before that the RMM no longer lists (their mappings are kept; a mapped one lists no devices until it returns or is unmapped). */
  gone: Array<Scalars['String']['output']>;
  /** The integration's scopes in all. */
  total: Scalars['Int']['output'];
  /** Scopes already known, refreshed. */
  updated: Scalars['Int']['output'];
  /** Why discovery could not run; empty otherwise. */
  userErrors: Array<UserError>;
};

/** One disk or volume. */
export type DiskUsage = {
  /** Free space in GB. */
  freeGb?: Maybe<Scalars['Float']['output']>;
  /** Volume name, e.g. `C:`. */
  name: Scalars['String']['output'];
  /** Size in GB. */
  totalGb?: Maybe<Scalars['Float']['output']>;
  /** Used share, 0–100. */
  utilizationPercent?: Maybe<Scalars['Float']['output']>;
};

/** What one rule found. */
export type EvidenceOutcome =
  /** One side lacks the identifier. */
  | 'ABSENT'
  /** Both sides have the identifier and it differs. */
  | 'CONFLICT'
  /** The identifiers agree. */
  | 'MATCH'
  /** The identifier is on several devices, so it identifies none. */
  | 'SHARED'
  /** The identifier agrees but is not enough on its own. */
  | 'WEAK';

/** An asset's identity in an external system. */
export type ExternalMapping = {
  /** The device's id there. */
  externalId: Scalars['String']['output'];
  /** Provider id. */
  integrationType: Scalars['String']['output'];
  /** Last sync that wrote the mapping. */
  lastSyncedAt?: Maybe<Scalars['Time']['output']>;
  /** Provider metadata. */
  metadata?: Maybe<Scalars['JSON']['output']>;
  /** The scope's id there. */
  realmId?: Maybe<Scalars['String']['output']>;
  /** `pending`, `synced` or `error` (also used for devices the RMM no longer reports). */
  syncStatus: Scalars['String']['output'];
};

/** A group of asset fields that, on an asset several providers report, comes from one of them: the first in the tenant's `sourcePrecedence` for the group among the providers that report the asset and supply the group. */
export type FieldGroup =
  /** Agent status, last seen, agent version, addresses, last reboot. */
  | 'AGENT'
  /** Name, client, location and asset type. */
  | 'GENERAL'
  /** Serial, CPU, memory, disks, network adapters, model. */
  | 'HARDWARE'
  /** Operating system and installed software. */
  | 'OS'
  /** Pending and failed patches, last patch scan. */
  | 'PATCHING'
  /** Antivirus product and status. */
  | 'SECURITY'
  /** The logged-on user. */
  | 'USER';

/** Which provider an asset's field group shows. */
export type FieldSource = {
  /** The group. */
  group: FieldGroup;
  /** The provider whose values show; null when no source supplied the group. */
  provider?: Maybe<Scalars['String']['output']>;
};

/** A device a guarded listing left out, which would retire if an admin confirms. */
export type HeldDevice = {
  /** Its asset; null once it no longer belongs to the scope. */
  asset?: Maybe<Asset>;
  /** The device's id in the RMM. */
  externalId: Scalars['String']['output'];
};

/** A doubtful match: a device was given its own asset because the rules were not certain it is an existing one. */
export type IdentityCandidate = Node & {
  /** The asset created for the device. */
  asset: Asset;
  /** When it was proposed. */
  createdAt: Scalars['Time']['output'];
  /** What each rule found. */
  evidence: Array<IdentityEvidence>;
  /** The device's id in that RMM. */
  externalId: Scalars['String']['output'];
  /** Global ID. */
  id: Scalars['ID']['output'];
  /** The existing asset it may be. */
  match: Asset;
  /** The provider that reported the device. */
  provider: Scalars['String']['output'];
  /** Why it was not merged, in words. */
  reason: Scalars['String']['output'];
  /** When an admin (or a merge) closed it. */
  resolvedAt?: Maybe<Scalars['Time']['output']>;
  /** The strongest rule that pointed at the match. */
  rule: IdentityRule;
  /** Where it stands. */
  status: CandidateStatus;
};

/** A page of the review queue, oldest first. */
export type IdentityCandidateConnection = {
  /** The candidates with their cursors. */
  edges: Array<IdentityCandidateEdge>;
  /** The candidates. */
  nodes: Array<IdentityCandidate>;
  /** Paging position. */
  pageInfo: PageInfo;
  /** How many candidates match, over all pages. */
  totalCount: Scalars['Int']['output'];
};

/** A candidate with its cursor. */
export type IdentityCandidateEdge = {
  /** Pass as `after` to continue after this candidate. */
  cursor: Scalars['String']['output'];
  /** The candidate. */
  node: IdentityCandidate;
};

/** One rule's finding when a device was compared with an asset. */
export type IdentityEvidence = {
  /** The values compared, in words. */
  detail: Scalars['String']['output'];
  /** What it found. */
  outcome: EvidenceOutcome;
  /** The rule. */
  rule: IdentityRule;
};

/** Why a provider's device is a given asset. The rules are tried in this order; a host name alone never merges. */
export type IdentityRule =
  /** An admin confirmed the match. */
  | 'CONFIRMED'
  /** The same SMBIOS hardware UUID and serial, neither a placeholder nor on several devices. */
  | 'HARDWARE_UUID_SERIAL'
  /** The same host name only: proposed for review, never merged. */
  | 'HOSTNAME'
  /** A shared stable MAC address (not locally administered, not on several devices) and the same host name. */
  | 'MAC_HOSTNAME'
  /** The asset was created from this provider's device. */
  | 'PROVIDER_ID'
  /** The same serial (not a placeholder, not on several devices; a virtual machine's only with the same host name) and manufacturer; with the manufacturer unknown on one side, the same host name. */
  | 'SERIAL_MANUFACTURER';

/** One installed application. */
export type InstalledSoftware = {
  /** Name. */
  name: Scalars['String']['output'];
  /** Publisher. */
  publisher?: Maybe<Scalars['String']['output']>;
  /** Version. */
  version?: Maybe<Scalars['String']['output']>;
};

/** A tenant's connection to one RMM. */
export type Integration = Node & {
  /** The periodic poll of the RMM's active alerts; null when the provider cannot list alerts. */
  alertPolling?: Maybe<AlertPolling>;
  /** How many assets this integration has written. */
  assetCount: Scalars['Int']['output'];
  /** The configuration, one entry per config field of the provider; secrets only say whether they are set. */
  config: Array<ConfigValue>;
  /** When the connection was first verified. */
  connectedAt?: Maybe<Scalars['Time']['output']>;
  /** Whether it can reach its RMM, and why not. */
  connection: IntegrationConnection;
  /** The run under way, if any. */
  currentRun?: Maybe<SyncRun>;
  /** Global ID. */
  id: Scalars['ID']['output'];
  /** The RMM's base URL, when the provider has one. */
  instanceUrl?: Maybe<Scalars['String']['output']>;
  /** Whether the last connection check succeeded since the configuration last changed. */
  isActive: Scalars['Boolean']['output'];
  /** Start of the last successful full sync. */
  lastFullSyncAt?: Maybe<Scalars['Time']['output']>;
  /** Start of the last successful incremental sync. */
  lastIncrementalSyncAt?: Maybe<Scalars['Time']['output']>;
  /** Start of the last successful sync of any mode. */
  lastSyncAt?: Maybe<Scalars['Time']['output']>;
  /** The last connection check (`verifyIntegration`, or the check after an authorization); null before the first. */
  lastVerification?: Maybe<Verification>;
  /** The RMM. */
  provider: Provider;
  /** The periodic sync. */
  schedule: SyncSchedule;
  /** Devices that mapped scopes of different clients report, as the newest run that saw each found them; a complete full sync replaces the list. `first` is 1 to 100 (default 50). */
  scopeConflicts: ScopeConflictConnection;
  /** The RMM's scopes and the clients they map to, by external id. `mapped` filters mapped (true) or unmapped (false) scopes; `search` matches part of the name. */
  scopeMappings: ScopeMappingConnection;
  /** How the integration orders its scopes when several mapped ones report one device. */
  scopePriority: ScopePriority;
  /** Where the last sync stands. */
  status: SyncStatus;
  /** Why the last sync failed. */
  syncError?: Maybe<Scalars['String']['output']>;
  /** Sync runs, newest first. */
  syncRuns: SyncRunConnection;
  /** The webhook endpoint; null when the provider sends no webhooks. */
  webhook?: Maybe<IntegrationWebhook>;
};


/** A tenant's connection to one RMM. */
export type IntegrationScopeConflictsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** A tenant's connection to one RMM. */
export type IntegrationScopeMappingsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  held?: InputMaybe<Scalars['Boolean']['input']>;
  mapped?: InputMaybe<Scalars['Boolean']['input']>;
  orderBy?: InputMaybe<ScopeOrder>;
  search?: InputMaybe<Scalars['String']['input']>;
};


/** A tenant's connection to one RMM. */
export type IntegrationSyncRunsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** An integration's connection state. */
export type IntegrationConnection = {
  /** Why it needs reconnecting. */
  reason?: Maybe<Scalars['String']['output']>;
  /** Since when it is in this state (for CONNECTED: when it was first verified). */
  since?: Maybe<Scalars['Time']['output']>;
  /** Whether the integration can reach its RMM. */
  status: ConnectionStatus;
};

/** Result of an integration mutation. */
export type IntegrationPayload = {
  /** The integration as stored; null when the input was refused. */
  integration?: Maybe<Integration>;
  /**
   * Whether the change touched a setting that decides where or as whom
   * rmmgraph connects (see ConfigField.affectsConnection): the integration
   * then waits for verifyIntegration before it syncs again. Other changes
   * apply at once. False when nothing was stored.
   */
  needsVerification: Scalars['Boolean']['output'];
  /** Why the input was refused; empty on success. */
  userErrors: Array<UserError>;
};

/** Where an integration's RMM delivers webhooks, and how deliveries fare. */
export type IntegrationWebhook = {
  /** For RMMs that send what they are told: the body template to paste into the RMM's webhook (its placeholders are the RMM's). Null when the RMM sends its own format. */
  bodyTemplate?: Maybe<Scalars['String']['output']>;
  /** Deliveries received in the last 24 hours. */
  deliveries: Scalars['Int']['output'];
  /** Of those, how many failed processing for good. */
  failed: Scalars['Int']['output'];
  /** When the last delivery arrived. */
  lastDeliveryAt?: Maybe<Scalars['Time']['output']>;
  /** The path part of `url`. */
  path: Scalars['String']['output'];
  /** Of those, how many wait to be processed. */
  pending: Scalars['Int']['output'];
  /** The header that must carry the secret. */
  secretHeader: Scalars['String']['output'];
  /** Whether a secret was made with `rotateWebhookSecret`; deliveries are refused until it is. */
  secretSet: Scalars['Boolean']['output'];
  /** The URL to register in the RMM: this server's public URL followed by `path`. Built from the request's host; set `--public-url` when rmmgraph is behind a proxy. */
  url: Scalars['String']['output'];
};

/** Maps a scope to a client. */
export type MapScopeInput = {
  /** Whether syncs include the scope (default: unchanged, true for a new scope). */
  autoSyncAssets?: InputMaybe<Scalars['Boolean']['input']>;
  /** The client's global ID. */
  clientId: Scalars['ID']['input'];
  /** The scope mapping's global ID. */
  scopeId: Scalars['ID']['input'];
};

/** Several scopes to map at once. */
export type MapScopesInput = {
  /** The scopes and their clients, 1 to 500; each scope once. */
  mappings: Array<ScopeMappingInput>;
};

/** The result of `mapScopes`. */
export type MapScopesPayload = {
  /** The scopes as mapped, in input order; empty when the input was refused. */
  scopeMappings: Array<ScopeMapping>;
  /** Why nothing was mapped; the path names the entry, e.g. `["input", "mappings", "2", "clientId"]`. */
  userErrors: Array<UserError>;
};

/** Changes; each needs the admin role and answers input it refuses with `userErrors`. */
export type Mutation = {
  /** Acknowledges an active alert, in the RMM too where the provider can. */
  acknowledgeAlert: AlertPayload;
  /** Starts the OAuth authorization of a provider that connects by OAuth (see `capabilities.oauth`); configure the integration first. Register `<public URL>/oauth/{provider}/callback` as the redirect URI in the RMM. */
  beginAuthorization: BeginAuthorizationPayload;
  /** Stops a running sync after the batch it is writing, on whichever replica runs it. */
  cancelSync: SyncRunPayload;
  /** Creates or changes an integration's configuration. The integration must be verified again afterwards. */
  configureIntegration: IntegrationPayload;
  /** Confirms a doubtful match: the older asset survives and takes the newer one's device mappings and alerts; the newer one is retired (not deleted) and records what it was merged into. Refused when one provider still reports both as separate devices. Each source rewrites the survivor by the tenant's precedence on its next sync. */
  confirmMatch: ConfirmMatchPayload;
  /** Retires the devices a scope's guarded listing left out, at once (the client left). */
  confirmRetirement: ConfirmRetirementPayload;
  /** Adds a client. */
  createClient: ClientPayload;
  /** Deactivates an integration and forgets its secrets; its assets and mappings stay. */
  disconnectIntegration: IntegrationPayload;
  /** Reads the RMM's scopes; existing client mappings are kept. */
  discoverScopes: DiscoverScopesPayload;
  /** Keeps a guarded scope's devices: runs stop warning about them until another device goes missing or the listing returns to normal. */
  dismissRetirement: ScopeMappingPayload;
  /** Maps a scope to a client. */
  mapScope: ScopeMappingPayload;
  /** Maps several scopes at once, for example to apply the suggestions an admin accepted. Every entry is checked first: one bad entry maps none. */
  mapScopes: MapScopesPayload;
  /** Lists the integration's scopes in full and reports what a sync would create, update, move, skip and retire, without writing anything (no run is recorded). It reads the whole listing from the RMM, so it costs what a full sync's reading costs. */
  previewSync: PreviewSyncPayload;
  /** Rejects a doubtful match: the two assets stay apart and the pair is never proposed again. */
  rejectMatch: RejectMatchPayload;
  /** Resolves an alert, in the RMM too where the provider can. */
  resolveAlert: AlertPayload;
  /** Makes the integration a new webhook secret and returns it once; deliveries with the old one are refused from now on. */
  rotateWebhookSecret: RotateWebhookSecretPayload;
  /** Compares every active asset with the others by the same rules as a sync and queues each pair they point to for review, certain or not: for assets that existed before the rules, or that two RMMs created at the same moment. Nothing is merged. Pairs already recorded, rejected ones included, are not queued again. */
  scanIdentities: ScanIdentitiesPayload;
  /** Changes the integration's periodic alert poll. */
  setAlertPolling: IntegrationPayload;
  /** Sets how an integration orders its scopes when several mapped ones report one device; the next sync applies it and moves the devices concerned. */
  setScopePriority: IntegrationPayload;
  /** Sets which provider's values a field group shows on assets several providers report. Each source rewrites those assets by the new order on its next sync. */
  setSourcePrecedence: SetSourcePrecedencePayload;
  /** Changes the periodic sync. Takes effect at once; other replicas follow within their reconcile interval. */
  setSyncSchedule: IntegrationPayload;
  /** Starts a sync in the background. While one runs for the integration, another is refused with `CONFLICT`. */
  startSync: StartSyncPayload;
  /** Unmaps a scope: its devices are skipped until it is mapped again. */
  unmapScope: ScopeMappingPayload;
  /** Changes a client. */
  updateClient: ClientPayload;
  /** Checks the configuration against the RMM and records the outcome. */
  verifyIntegration: VerifyIntegrationPayload;
};


/** Changes; each needs the admin role and answers input it refuses with `userErrors`. */
export type MutationAcknowledgeAlertArgs = {
  input: AlertInput;
};


/** Changes; each needs the admin role and answers input it refuses with `userErrors`. */
export type MutationBeginAuthorizationArgs = {
  input: ProviderInput;
};


/** Changes; each needs the admin role and answers input it refuses with `userErrors`. */
export type MutationCancelSyncArgs = {
  input: CancelSyncInput;
};


/** Changes; each needs the admin role and answers input it refuses with `userErrors`. */
export type MutationConfigureIntegrationArgs = {
  input: ConfigureIntegrationInput;
};


/** Changes; each needs the admin role and answers input it refuses with `userErrors`. */
export type MutationConfirmMatchArgs = {
  input: CandidateInput;
};


/** Changes; each needs the admin role and answers input it refuses with `userErrors`. */
export type MutationConfirmRetirementArgs = {
  input: ScopeInput;
};


/** Changes; each needs the admin role and answers input it refuses with `userErrors`. */
export type MutationCreateClientArgs = {
  input: CreateClientInput;
};


/** Changes; each needs the admin role and answers input it refuses with `userErrors`. */
export type MutationDisconnectIntegrationArgs = {
  input: ProviderInput;
};


/** Changes; each needs the admin role and answers input it refuses with `userErrors`. */
export type MutationDiscoverScopesArgs = {
  input: ProviderInput;
};


/** Changes; each needs the admin role and answers input it refuses with `userErrors`. */
export type MutationDismissRetirementArgs = {
  input: ScopeInput;
};


/** Changes; each needs the admin role and answers input it refuses with `userErrors`. */
export type MutationMapScopeArgs = {
  input: MapScopeInput;
};


/** Changes; each needs the admin role and answers input it refuses with `userErrors`. */
export type MutationMapScopesArgs = {
  input: MapScopesInput;
};


/** Changes; each needs the admin role and answers input it refuses with `userErrors`. */
export type MutationPreviewSyncArgs = {
  input: PreviewSyncInput;
};


/** Changes; each needs the admin role and answers input it refuses with `userErrors`. */
export type MutationRejectMatchArgs = {
  input: CandidateInput;
};


/** Changes; each needs the admin role and answers input it refuses with `userErrors`. */
export type MutationResolveAlertArgs = {
  input: AlertInput;
};


/** Changes; each needs the admin role and answers input it refuses with `userErrors`. */
export type MutationRotateWebhookSecretArgs = {
  input: ProviderInput;
};


/** Changes; each needs the admin role and answers input it refuses with `userErrors`. */
export type MutationSetAlertPollingArgs = {
  input: SetAlertPollingInput;
};


/** Changes; each needs the admin role and answers input it refuses with `userErrors`. */
export type MutationSetScopePriorityArgs = {
  input: SetScopePriorityInput;
};


/** Changes; each needs the admin role and answers input it refuses with `userErrors`. */
export type MutationSetSourcePrecedenceArgs = {
  input: SetSourcePrecedenceInput;
};


/** Changes; each needs the admin role and answers input it refuses with `userErrors`. */
export type MutationSetSyncScheduleArgs = {
  input: SetSyncScheduleInput;
};


/** Changes; each needs the admin role and answers input it refuses with `userErrors`. */
export type MutationStartSyncArgs = {
  input: StartSyncInput;
};


/** Changes; each needs the admin role and answers input it refuses with `userErrors`. */
export type MutationUnmapScopeArgs = {
  input: UnmapScopeInput;
};


/** Changes; each needs the admin role and answers input it refuses with `userErrors`. */
export type MutationUpdateClientArgs = {
  input: UpdateClientInput;
};


/** Changes; each needs the admin role and answers input it refuses with `userErrors`. */
export type MutationVerifyIntegrationArgs = {
  input: ProviderInput;
};

/** A network adapter as the RMM reports it; unknown parts are null or empty. */
export type NetworkInterface = {
  /** DNS servers it uses. */
  dnsServers: Array<Scalars['String']['output']>;
  /** Its addresses. */
  ipAddresses: Array<Scalars['String']['output']>;
  /** MAC address, lower case with colons. */
  macAddress?: Maybe<Scalars['String']['output']>;
  /** Adapter name. */
  name: Scalars['String']['output'];
  /** Link speed in Mbit/s. */
  speedMbps?: Maybe<Scalars['Int']['output']>;
  /** Kind of adapter, as the RMM names it (e.g. "Ethernet 802.3"). */
  type?: Maybe<Scalars['String']['output']>;
};

/** An object with a global ID that can be refetched with `node(id:)`. */
export type Node = {
  /** Opaque global ID: encodes the object's type and key. Do not parse it. */
  id: Scalars['ID']['output'];
};

/** Sort direction. */
export type OrderDirection =
  /** Ascending. */
  | 'ASC'
  /** Descending. */
  | 'DESC';

/** Position information for paging through a connection. */
export type PageInfo = {
  /** Cursor of the last item returned; pass it as `after` for the next page. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** Whether more items follow the last one returned. */
  hasNextPage: Scalars['Boolean']['output'];
};

/** Asks what a full sync would do. */
export type PreviewSyncInput = {
  /** How many changes to list, 1 to 500 (default 100); the rest are counted in `moreChanges`. */
  first?: InputMaybe<Scalars['Int']['input']>;
  /** Provider id. */
  provider: Scalars['String']['input'];
  /** External ids of the scopes to list; omitted: every mapped scope. */
  scopeIds?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** Result of previewing a sync. */
export type PreviewSyncPayload = {
  /** The preview; null when the input was refused. */
  preview?: Maybe<SyncPreview>;
  /** Why the input was refused; empty on success. */
  userErrors: Array<UserError>;
};

/** An RMM that rmmgraph can connect to. */
export type Provider = {
  /** The operations it offers, for a UI to show the matching buttons. */
  actions: Array<ProviderAction>;
  /** What it can do. */
  capabilities: ProviderCapabilities;
  /** The fields of its settings form, in display order. */
  configFields: Array<ConfigField>;
  /** One or two sentences on what it connects to. */
  description: Scalars['String']['output'];
  /** Name to show. */
  displayName: Scalars['String']['output'];
  /** Registry id (see `providers`); used as `provider` argument everywhere. */
  id: Scalars['String']['output'];
  /** This tenant's integration with the provider, if configured. */
  integration?: Maybe<Integration>;
  /** The modes `startSync` takes for it. */
  syncModes: Array<SyncMode>;
};

/** An operation a provider offers. */
export type ProviderAction =
  /** `acknowledgeAlert` reaches the RMM. */
  | 'ACKNOWLEDGE_ALERTS'
  /** `beginAuthorization`: it signs in by OAuth. */
  | 'AUTHORIZE'
  /** `discoverScopes`. */
  | 'DISCOVER_SCOPES'
  /** `setAlertPolling`: its alerts are polled. */
  | 'POLL_ALERTS'
  /** `resolveAlert` reaches the RMM. */
  | 'RESOLVE_ALERTS'
  /** `startSync` (see `syncModes`). */
  | 'SYNC'
  /** `verifyIntegration`. */
  | 'VERIFY'
  /** `rotateWebhookSecret`: it sends webhooks. */
  | 'WEBHOOKS';

/** What a provider can do. Derived from the provider's implementation, never configured. */
export type ProviderCapabilities = {
  /** Acknowledging an alert here acknowledges it in the RMM too. */
  acknowledgeAlerts: Scalars['Boolean']['output'];
  /** Confirms devices missing from a listing in a secondary source before retiring them. */
  agedOutFallback: Scalars['Boolean']['output'];
  /** Can list the RMM's active alerts (for the periodic alert poll). */
  alerts: Scalars['Boolean']['output'];
  /** Can verify a configuration against the RMM. */
  connection: Scalars['Boolean']['output'];
  /** Can open a direct remote session to a device (not available yet for any provider). */
  directConnect: Scalars['Boolean']['output'];
  /** Can list every device of a scope. */
  fullSync: Scalars['Boolean']['output'];
  /** Can list only devices changed since the last sync. */
  incrementalSync: Scalars['Boolean']['output'];
  /** Connects by OAuth authorization rather than a pasted credential. */
  oauth: Scalars['Boolean']['output'];
  /** Can run remote actions on devices (not available yet for any provider). */
  remoteActions: Scalars['Boolean']['output'];
  /** Resolving an alert here resets it in the RMM too. */
  resolveAlerts: Scalars['Boolean']['output'];
  /** Can list its scopes (organizations, clients, computer groups). */
  scopeDiscovery: Scalars['Boolean']['output'];
  /** Can refresh one device. */
  singleDeviceSync: Scalars['Boolean']['output'];
  /** Accepts webhook deliveries from the RMM. */
  webhookEvents: Scalars['Boolean']['output'];
};

/** Names a provider's integration. */
export type ProviderInput = {
  /** Provider id. */
  provider: Scalars['String']['input'];
};

/** Reads; every one sees only the caller's tenant. */
export type Query = {
  /** Alerts of every integration, newest trigger first. */
  alerts: AlertConnection;
  /** One asset by global ID. */
  asset?: Maybe<Asset>;
  /** The tenant's assets. `first` is 1 to 100 (default 50); pages cost the same however deep. */
  assets: AssetConnection;
  /** The tenant's clients ordered by name. `first` is 1 to 100 (default 50); `search` matches part of the name, ignoring case; `active` keeps active clients (true) or inactive ones (false), default both. */
  clients: ClientConnection;
  /** The review queue of doubtful matches, oldest first. `first` is 1 to 100 (default 50). */
  identityCandidates: IdentityCandidateConnection;
  /** The tenant's integration with one provider; null when not configured. */
  integration?: Maybe<Integration>;
  /** The tenant's integrations, by provider id. */
  integrations: Array<Integration>;
  /** Fetches any object by global ID; null with a `NOT_FOUND` error when it does not exist for this tenant. */
  node?: Maybe<Node>;
  /** Fetches up to 100 objects by global ID, in order; null entries for IDs that do not resolve. */
  nodes: Array<Maybe<Node>>;
  /** One provider by id; null when no provider has that id. */
  provider?: Maybe<Provider>;
  /** The provider registry: what can be connected and what each provider can do. */
  providers: Array<Provider>;
  /** The source order of every field group. */
  sourcePrecedence: Array<SourcePrecedence>;
  /** One sync run by global ID. */
  syncRun?: Maybe<SyncRun>;
  /** The caller: its tenant and role. */
  viewer: Viewer;
};


/** Reads; every one sees only the caller's tenant. */
export type QueryAlertsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<AlertFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** Reads; every one sees only the caller's tenant. */
export type QueryAssetArgs = {
  id: Scalars['ID']['input'];
};


/** Reads; every one sees only the caller's tenant. */
export type QueryAssetsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<AssetFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<AssetOrder>;
};


/** Reads; every one sees only the caller's tenant. */
export type QueryClientsArgs = {
  active?: InputMaybe<Scalars['Boolean']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  search?: InputMaybe<Scalars['String']['input']>;
};


/** Reads; every one sees only the caller's tenant. */
export type QueryIdentityCandidatesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  assetId?: InputMaybe<Scalars['ID']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  status?: InputMaybe<CandidateStatus>;
};


/** Reads; every one sees only the caller's tenant. */
export type QueryIntegrationArgs = {
  provider: Scalars['String']['input'];
};


/** Reads; every one sees only the caller's tenant. */
export type QueryNodeArgs = {
  id: Scalars['ID']['input'];
};


/** Reads; every one sees only the caller's tenant. */
export type QueryNodesArgs = {
  ids: Array<Scalars['ID']['input']>;
};


/** Reads; every one sees only the caller's tenant. */
export type QueryProviderArgs = {
  id: Scalars['String']['input'];
};


/** Reads; every one sees only the caller's tenant. */
export type QuerySyncRunArgs = {
  id: Scalars['ID']['input'];
};

/** The result of `rejectMatch`. */
export type RejectMatchPayload = {
  /** The rejected candidate. */
  candidate?: Maybe<IdentityCandidate>;
  /** Why nothing changed. */
  userErrors: Array<UserError>;
};

/** What a scope's listing would have retired when it tripped the mass-retirement guard (it returned too few of the scope's devices). Runs warn about it until an admin confirms the retirement (the client left) or dismisses it. */
export type RetirementHold = {
  /** When the guard first tripped for these devices. */
  detectedAt: Scalars['Time']['output'];
  /** The devices that would retire, by id. */
  devices: Array<HeldDevice>;
  /** Whether an admin dismissed it; runs do not warn again until another device goes missing. */
  dismissed: Scalars['Boolean']['output'];
  /** The devices the scope had. */
  had: Scalars['Int']['output'];
  /** Of them, how many the listing returned. */
  returned: Scalars['Int']['output'];
  /** The run that last tripped it. */
  run?: Maybe<SyncRun>;
  /** How many would retire. */
  wouldRetire: Scalars['Int']['output'];
};


/** What a scope's listing would have retired when it tripped the mass-retirement guard (it returned too few of the scope's devices). Runs warn about it until an admin confirms the retirement (the client left) or dismisses it. */
export type RetirementHoldDevicesArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** What an API key may do. */
export type Role =
  /** Reads and changes everything of its tenant. */
  | 'ADMIN'
  /** Reads only: every mutation is refused with `FORBIDDEN`. */
  | 'VIEWER';

/** Result of making a new webhook secret. */
export type RotateWebhookSecretPayload = {
  /** Whether rmmgraph registered the endpoint and secret with the RMM itself (when the provider can and `--public-url` is set); otherwise set it up in the RMM by hand. */
  registeredWithRmm: Scalars['Boolean']['output'];
  /** Why registering with the RMM failed, if it did. */
  registrationError?: Maybe<Scalars['String']['output']>;
  /** The new secret, shown this once: register it in the RMM as the value of `webhook.secretHeader`. */
  secret?: Maybe<Scalars['String']['output']>;
  /** Why the input was refused; empty on success. */
  userErrors: Array<UserError>;
  /** The endpoint to register. */
  webhook?: Maybe<IntegrationWebhook>;
};

/** The result of `scanIdentities`. */
export type ScanIdentitiesPayload = {
  /** How many pairs the scan added to the review queue. */
  queued: Scalars['Int']['output'];
  /** Why nothing was scanned. */
  userErrors: Array<UserError>;
};

/** A device that several mapped scopes of one integration report while their mappings name different clients. */
export type ScopeConflict = {
  /** When. */
  detectedAt: Scalars['Time']['output'];
  /** The device's id in the RMM. */
  externalId: Scalars['String']['output'];
  /** The device's name. */
  name: Scalars['String']['output'];
  /** The run that last found the conflict. */
  run?: Maybe<SyncRun>;
  /** The scopes that report it, in the integration's scope priority; the first owns the device and decides its client. */
  scopes: Array<ScopeMapping>;
};

/** A page of scope conflicts, by device id. */
export type ScopeConflictConnection = {
  /** The conflicts with their cursors. */
  edges: Array<ScopeConflictEdge>;
  /** The conflicts. */
  nodes: Array<ScopeConflict>;
  /** Paging position. */
  pageInfo: PageInfo;
  /** How many conflicts the integration has, over all pages. */
  totalCount: Scalars['Int']['output'];
};

/** A conflict with its cursor. */
export type ScopeConflictEdge = {
  /** Pass as `after` to continue after this conflict. */
  cursor: Scalars['String']['output'];
  /** The conflict. */
  node: ScopeConflict;
};

/** Names a scope mapping. */
export type ScopeInput = {
  /** The scope mapping's global ID. */
  scopeId: Scalars['ID']['input'];
};

/** The kind of an RMM scope. */
export type ScopeKind =
  /** Anything else. */
  | 'CUSTOM'
  /** A computer group. */
  | 'GROUP'
  /** An organization or client of the RMM. */
  | 'ORGANIZATION'
  /** A site or location. */
  | 'SITE';

/** An RMM scope (organization, client, computer group) and the PSA client its devices belong to. */
export type ScopeMapping = Node & {
  /** Whether syncs include this scope. */
  autoSyncAssets: Scalars['Boolean']['output'];
  /** The client its devices belong to; null when unmapped, and then its devices are skipped. */
  client?: Maybe<Client>;
  /** Active assets synced from this scope. */
  deviceCount: Scalars['Int']['output'];
  /** The scope's id in the RMM. */
  externalId: Scalars['String']['output'];
  /** The scope's name in the RMM. */
  externalName?: Maybe<Scalars['String']['output']>;
  /** Global ID. */
  id: Scalars['ID']['output'];
  /** What kind of scope it is. */
  kind: ScopeKind;
  /** When a sync last listed the scope completely. */
  lastSyncedAt?: Maybe<Scalars['Time']['output']>;
  /** The RMM id of the scope it is part of, if the RMM nests scopes. */
  parentExternalId?: Maybe<Scalars['String']['output']>;
  /** What the scope's listing would retire, held by the mass-retirement guard; null when nothing is held. */
  retirementHold?: Maybe<RetirementHold>;
  /** For an unmapped scope, the active client its name points to (same name once legal forms and words such as "Computers" are dropped, or a name it contains); null when mapped, when nothing fits, or when two clients fit equally well. */
  suggestedClient?: Maybe<ClientSuggestion>;
  /** For an unmapped scope, up to three active clients it may belong to, best first, from its name, the domains its devices report and how the same organization is mapped in the tenant's other RMMs; empty when mapped or when nothing fits. Never applied without an admin (see `mapScopes`). */
  suggestions: Array<ScopeSuggestion>;
};

/** A page of scope mappings. */
export type ScopeMappingConnection = {
  /** The scope mappings with their cursors. */
  edges: Array<ScopeMappingEdge>;
  /** The scope mappings. */
  nodes: Array<ScopeMapping>;
  /** Paging position. */
  pageInfo: PageInfo;
  /** How many match, over all pages. */
  totalCount: Scalars['Int']['output'];
};

/** A scope mapping in a connection. */
export type ScopeMappingEdge = {
  /** Keyset cursor. */
  cursor: Scalars['String']['output'];
  /** The scope mapping. */
  node: ScopeMapping;
};

/** One scope to map. */
export type ScopeMappingInput = {
  /** Whether scheduled syncs write the scope's devices; unchanged when omitted. */
  autoSyncAssets?: InputMaybe<Scalars['Boolean']['input']>;
  /** The client's global ID. */
  clientId: Scalars['ID']['input'];
  /** The scope mapping's global ID. */
  scopeId: Scalars['ID']['input'];
};

/** Result of a scope mapping change. */
export type ScopeMappingPayload = {
  /** The scope mapping as stored; null when the input was refused. */
  scopeMapping?: Maybe<ScopeMapping>;
  /** Why the input was refused; empty on success. */
  userErrors: Array<UserError>;
};

/** How scope mappings are ordered. */
export type ScopeOrder =
  /** By the scope's id in the RMM (the default). */
  | 'EXTERNAL_ID'
  /** By name, ignoring case, then id. */
  | 'NAME';

/** An integration's scope priority. */
export type ScopePriority = {
  /** The mode. */
  mode: ScopePriorityMode;
  /** For `EXPLICIT`, the scope ids in order, first wins; empty otherwise. */
  scopeIds: Array<Scalars['String']['output']>;
};

/** How an integration orders its scopes when several mapped ones report the same device: the first owns it. */
export type ScopePriorityMode =
  /** The order of `scopeIds`; scopes not listed follow, most specific first. */
  | 'EXPLICIT'
  /** By scope id (the default). */
  | 'LOWEST_ID'
  /** The most specific scope first: deeper in the scope tree, then fewer devices in its last complete listing (a subgroup before its group), then by id. */
  | 'MOST_SPECIFIC';

/** A client a scope may belong to. */
export type ScopeSuggestion = {
  /** The client. */
  client: Client;
  /** How sure, 0 to 1: each reason is evidence, and agreeing reasons add up. */
  confidence: Scalars['Float']['output'];
  /** Why, in words: a name match, a device domain, the same organization mapped in another RMM. */
  reasons: Array<Scalars['String']['output']>;
};

/** The server_assets columns of an asset. */
export type ServerDetails = {
  /** RMM agent version. */
  agentVersion?: Maybe<Scalars['String']['output']>;
  /** Antivirus product. */
  antivirusProduct?: Maybe<Scalars['String']['output']>;
  /** `protected`, `at_risk` or `unknown`. */
  antivirusStatus?: Maybe<Scalars['String']['output']>;
  /** Processor cores. */
  cpuCores?: Maybe<Scalars['Int']['output']>;
  /** Processor model. */
  cpuModel?: Maybe<Scalars['String']['output']>;
  /** Logged-in user. */
  currentUser?: Maybe<Scalars['String']['output']>;
  /** Disks. */
  diskUsage: Array<DiskUsage>;
  /** Failed patches. */
  failedPatches?: Maybe<Scalars['Int']['output']>;
  /** Hypervisor, for virtual machines. */
  hypervisor?: Maybe<Scalars['String']['output']>;
  /** Installed applications. */
  installedSoftware: Array<InstalledSoftware>;
  /** Whether it is a virtual machine. */
  isVirtual?: Maybe<Scalars['Boolean']['output']>;
  /** LAN address. */
  lanIp?: Maybe<Scalars['String']['output']>;
  /** Last patch scan. */
  lastPatchScanAt?: Maybe<Scalars['Time']['output']>;
  /** Last boot. */
  lastRebootAt?: Maybe<Scalars['Time']['output']>;
  /** Network adapters. */
  networkInterfaces: Array<NetworkInterface>;
  /** OS family. */
  osType?: Maybe<Scalars['String']['output']>;
  /** OS name and version. */
  osVersion?: Maybe<Scalars['String']['output']>;
  /** Pending OS patches. */
  pendingOsPatches?: Maybe<Scalars['Int']['output']>;
  /** Pending patches. */
  pendingPatches?: Maybe<Scalars['Int']['output']>;
  /** Pending software patches. */
  pendingSoftwarePatches?: Maybe<Scalars['Int']['output']>;
  /** Primary address. */
  primaryIp?: Maybe<Scalars['String']['output']>;
  /** Memory in whole GB. */
  ramGb?: Maybe<Scalars['Int']['output']>;
  /** Provider extras. */
  systemInfo?: Maybe<Scalars['JSON']['output']>;
  /** Seconds since boot: counted from `lastRebootAt` when it is known (so it stays current between syncs), else as last reported. */
  uptimeSeconds?: Maybe<Scalars['Int']['output']>;
  /** Public address. */
  wanIp?: Maybe<Scalars['String']['output']>;
};

/** Changes an integration's alert poll; omitted fields keep their value. */
export type SetAlertPollingInput = {
  /** Whether the poll runs. */
  enabled?: InputMaybe<Scalars['Boolean']['input']>;
  /** Minutes between polls, 5 to 60. */
  intervalMinutes?: InputMaybe<Scalars['Int']['input']>;
  /** Provider id. */
  provider: Scalars['String']['input'];
};

/** An integration's new scope priority. */
export type SetScopePriorityInput = {
  /** The mode. */
  mode: ScopePriorityMode;
  /** Provider id. */
  provider: Scalars['String']['input'];
  /** For `EXPLICIT`: scope ids, first wins. Must be empty for the other modes. */
  scopeIds?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** A field group's new source order. */
export type SetSourcePrecedenceInput = {
  /** The group. */
  group: FieldGroup;
  /** Provider ids, first wins; null or empty restores the default. */
  providers?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** The result of `setSourcePrecedence`. */
export type SetSourcePrecedencePayload = {
  /** The group's order now. */
  precedence?: Maybe<SourcePrecedence>;
  /** Why nothing changed. */
  userErrors: Array<UserError>;
};

/** Changes an integration's periodic sync; omitted fields keep their value. */
export type SetSyncScheduleInput = {
  /** Turn scheduled syncs on or off. */
  enabled?: InputMaybe<Scalars['Boolean']['input']>;
  /** Minutes between syncs, 15 to 1440. */
  intervalMinutes?: InputMaybe<Scalars['Int']['input']>;
  /** Provider id. */
  provider: Scalars['String']['input'];
};

/** How many devices were skipped for one reason. */
export type SkipReasonCount = {
  /** How many. */
  count: Scalars['Int']['output'];
  /** E.g. `UNMAPPED_SCOPE`, `SCOPE_SYNC_DISABLED`, `DELETED_UNKNOWN`, `DEVICE_NOT_FOUND`. */
  reason: Scalars['String']['output'];
};

/** A field group's source order. */
export type SourcePrecedence = {
  /** The group. */
  group: FieldGroup;
  /** Whether this is the default order (the tenant set none). */
  isDefault: Scalars['Boolean']['output'];
  /** Provider ids, first wins; providers not listed follow, by id. */
  providers: Array<Scalars['String']['output']>;
};

/** Starts a sync. */
export type StartSyncInput = {
  /** The device's RMM id, for mode DEVICE. */
  deviceId?: InputMaybe<Scalars['String']['input']>;
  /** What to list (default FULL). */
  mode?: InputMaybe<SyncMode>;
  /** Provider id. */
  provider: Scalars['String']['input'];
  /** External ids of the scopes to list; default: every mapped scope with auto-sync on. */
  scopeIds?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** Result of starting a sync. */
export type StartSyncPayload = {
  /** The run, already RUNNING; follow it with `syncRunProgress` or `syncRun`. */
  run?: Maybe<SyncRun>;
  /** Why the sync could not start; empty on success. */
  userErrors: Array<UserError>;
};

/** Live updates, over graphql-ws websockets or server-sent events. */
export type Subscription = {
  /** Each change of an alert of this tenant (new, re-triggered, acknowledged, resolved), as it happens; a PSA opens tickets from these. */
  alertEvents: AlertEvent;
  /** The run each time its progress changes, until it finishes; for progress bars. */
  syncRunProgress: SyncRun;
};


/** Live updates, over graphql-ws websockets or server-sent events. */
export type SubscriptionAlertEventsArgs = {
  statuses?: InputMaybe<Array<AlertStatus>>;
};


/** Live updates, over graphql-ws websockets or server-sent events. */
export type SubscriptionSyncRunProgressArgs = {
  id: Scalars['ID']['input'];
};

/** What a run did with the devices it saw. */
export type SyncCounts = {
  /** Devices reported by several scopes mapped to different clients (see `Integration.scopeConflicts`). */
  conflicts: Scalars['Int']['output'];
  /** New assets. */
  created: Scalars['Int']['output'];
  /** Further reports of devices already seen in the run (a device in two scopes), neither counted in `seen` nor written again. */
  duplicates: Scalars['Int']['output'];
  /** Devices that could not be written. */
  failed: Scalars['Int']['output'];
  /** Devices tied to an asset another provider reports (counted in `updated`). */
  matched: Scalars['Int']['output'];
  /** Assets that moved to another scope or client. */
  moved: Scalars['Int']['output'];
  /** Doubtful matches queued for review (see `identityCandidates`). */
  queued: Scalars['Int']['output'];
  /** Assets retired because the RMM no longer reports them. */
  retired: Scalars['Int']['output'];
  /** Devices the RMM reported, each once: seen = created + updated + unchanged + skipped + failed. */
  seen: Scalars['Int']['output'];
  /** Devices not written, for a reason in `skipped`. */
  skipped: Scalars['Int']['output'];
  /** Assets already current: nothing was written. */
  unchanged: Scalars['Int']['output'];
  /** Assets whose content changed. */
  updated: Scalars['Int']['output'];
};

/** What a sync lists. */
export type SyncMode =
  /** One device, by its RMM id. */
  | 'DEVICE'
  /** Every device of the chosen scopes; the only mode that retires devices. */
  | 'FULL'
  /** Devices changed since the last successful sync. */
  | 'INCREMENTAL';

/** What a full sync would do now, read from the RMM and compared with what is stored; nothing was written. */
export type SyncPreview = {
  /** The changes, up to `first`. */
  changes: Array<SyncPreviewChange>;
  /** The counts the sync would record; `retired` counts the assets that would retire. */
  counts: SyncCounts;
  /** Changes past `first`. */
  moreChanges: Scalars['Int']['output'];
  /** Devices that would be skipped, by reason. */
  skipped: Array<SkipReasonCount>;
  /** What the listing ran into, e.g. a scope that could not be listed. */
  warnings: Array<SyncWarning>;
};

/** One thing a full sync would do. */
export type SyncPreviewChange = {
  /** The device's id in the RMM. */
  externalId: Scalars['String']['output'];
  /** For an update, move or match: the fields that would change, as `column` of the asset or `table.column` of its extension row (e.g. `workstation_assets.os_version`); empty otherwise. */
  fields: Array<Scalars['String']['output']>;
  /** What would happen. */
  kind: SyncPreviewChangeKind;
  /** The device's name, when the RMM listed it. */
  name?: Maybe<Scalars['String']['output']>;
  /** For skips, why; for matches, the rule; for reviews, why the match is doubtful. */
  reason?: Maybe<Scalars['String']['output']>;
  /** The scope it belongs to. */
  scopeId?: Maybe<Scalars['String']['output']>;
};

/** What a full sync would do to one device. */
export type SyncPreviewChangeKind =
  /** A new asset. */
  | 'CREATE'
  /** The device is an asset another provider reports: its mapping attaches to it. `reason` names the rule. */
  | 'MATCH'
  /** The device is missing from the listing; it retires if it stays missing. */
  | 'MISSING'
  /** The asset moves to another scope or client. */
  | 'MOVE'
  /** The device is missing from the listing but the RMM's secondary source still knows it: its agent goes offline. */
  | 'OFFLINE'
  /** The asset retires: the RMM deleted the device, or it was missing from enough listings. */
  | 'RETIRE'
  /** A new asset, with doubtful matches queued for review; `reason` says why. */
  | 'REVIEW'
  /** The device is not written, for `reason`. */
  | 'SKIP'
  /** The asset's fields change. */
  | 'UPDATE';

/** Progress of a run, for a progress bar. */
export type SyncProgress = {
  /** Devices seen so far. */
  devicesSeen: Scalars['Int']['output'];
  /** Scopes finished. */
  scopesDone: Scalars['Int']['output'];
  /** Scopes to list. */
  scopesTotal: Scalars['Int']['output'];
};

/** One sync of one integration. */
export type SyncRun = Node & {
  /** What changed: assets of the run's integration that rmmgraph created, updated, retired or moved while the run ran (events processed meanwhile show too), by name. An asset a later run changed again shows under that run instead. */
  changedAssets: AssetConnection;
  /** What it did. */
  counts: SyncCounts;
  /** How long it took, in milliseconds; null while running. */
  durationMs?: Maybe<Scalars['Int']['output']>;
  /** Why it failed or stopped. */
  error?: Maybe<Scalars['String']['output']>;
  /** A stable code beside `error`: the RMM failure's kind (UNAUTHORIZED, FORBIDDEN, RATE_LIMITED, UNAVAILABLE, UNREACHABLE, BAD_RESPONSE, CONFIG, NOT_FOUND, REAUTHORIZE), or SCOPES_FAILED, CANCELLED, INTERRUPTED, INTERNAL. */
  errorCode?: Maybe<Scalars['String']['output']>;
  /** When it finished. */
  finishedAt?: Maybe<Scalars['Time']['output']>;
  /** Global ID. */
  id: Scalars['ID']['output'];
  /** The integration synced. */
  integration: Integration;
  /** What was listed. */
  mode: SyncMode;
  /** Progress. */
  progress: SyncProgress;
  /** External ids of the scopes it lists. */
  scopeIds: Array<Scalars['String']['output']>;
  /** Skipped devices by reason. */
  skipped: Array<SkipReasonCount>;
  /** When it started. */
  startedAt: Scalars['Time']['output'];
  /** Where it stands. */
  status: SyncRunStatus;
  /** What started it. */
  trigger: SyncTrigger;
  /** The warnings with a stable code each: SCOPE_LISTING_FAILED, INVALID_DEVICE, RETIRE_GUARD, SECONDARY_SOURCE_FAILED (WARNING for runs recorded before codes). */
  warningDetails: Array<SyncWarning>;
  /** Things an admin should know, e.g. a scope that could not be listed or a retirement that was held back. */
  warnings: Array<Scalars['String']['output']>;
};


/** One sync of one integration. */
export type SyncRunChangedAssetsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** A page of sync runs, newest first. */
export type SyncRunConnection = {
  /** The runs with their cursors. */
  edges: Array<SyncRunEdge>;
  /** The runs. */
  nodes: Array<SyncRun>;
  /** Paging position. */
  pageInfo: PageInfo;
  /** How many runs in all. */
  totalCount: Scalars['Int']['output'];
};

/** A sync run in a connection. */
export type SyncRunEdge = {
  /** Keyset cursor. */
  cursor: Scalars['String']['output'];
  /** The run. */
  node: SyncRun;
};

/** Result of cancelling a run. */
export type SyncRunPayload = {
  /** The run; it stops after the batch it is writing and ends CANCELLED. */
  run?: Maybe<SyncRun>;
  /** Why the input was refused; empty on success. */
  userErrors: Array<UserError>;
};

/** Where a sync run stands. */
export type SyncRunStatus =
  /** Stopped by `cancelSync` after the batch it was writing; what it wrote stays. */
  | 'CANCELLED'
  /** Finished; every scope was listed. */
  | 'COMPLETED'
  /** Finished with an error; see `error`. */
  | 'FAILED'
  /** Stopped before the end (server stopped or crashed); the next run continues. */
  | 'INTERRUPTED'
  /** Under way. */
  | 'RUNNING';

/** An integration's periodic sync. Ticks fall on multiples of the interval since the Unix epoch, so every replica agrees on them. */
export type SyncSchedule = {
  /** Whether syncs run on their own. On by default once the integration is verified and a scope is mapped. */
  enabled: Scalars['Boolean']['output'];
  /** Minutes between syncs, 15 to 1440. */
  intervalMinutes: Scalars['Int']['output'];
  /** When the last scheduled sync started. */
  lastRunAt?: Maybe<Scalars['Time']['output']>;
  /** The largest interval `setSyncSchedule` accepts. */
  maxIntervalMinutes: Scalars['Int']['output'];
  /** The smallest interval `setSyncSchedule` accepts. */
  minIntervalMinutes: Scalars['Int']['output'];
  /** When the next scheduled sync starts; null when disabled. */
  nextRunAt?: Maybe<Scalars['Time']['output']>;
  /** What the next scheduled sync lists: incremental between daily full syncs when the provider can; null when disabled. */
  nextRunMode?: Maybe<SyncMode>;
};

/** Where an integration's last sync stands. */
export type SyncStatus =
  /** The last sync completed. */
  | 'COMPLETED'
  /** The last sync failed; see `syncError`. */
  | 'ERROR'
  /** Never synced. */
  | 'PENDING'
  /** A sync is running. */
  | 'SYNCING';

/** What started a sync. */
export type SyncTrigger =
  /** The rmmgraph command line. */
  | 'CLI'
  /** A person, through the API. */
  | 'MANUAL'
  /** The schedule. */
  | 'SCHEDULED'
  /** An RMM webhook. */
  | 'WEBHOOK';

/** A warning of a run, with its code. */
export type SyncWarning = {
  /** Stable machine-readable kind, e.g. `SCOPE_LISTING_FAILED`, `INVALID_DEVICE`, `RETIRE_GUARD`, `SECONDARY_SOURCE_FAILED`. */
  code: Scalars['String']['output'];
  /** What happened, in words an admin can act on. */
  message: Scalars['String']['output'];
};

/** An MSP using rmmgraph. Every object belongs to exactly one tenant, and an API key sees only its own. */
export type Tenant = Node & {
  /** Global ID. */
  id: Scalars['ID']['output'];
  /** The MSP's name. */
  name: Scalars['String']['output'];
};

/** Unmaps a scope. */
export type UnmapScopeInput = {
  /** The scope mapping's global ID. */
  scopeId: Scalars['ID']['input'];
};

/** Changes to a client; omitted fields stay as they are, and an empty `url` or `clientType` clears it. */
export type UpdateClientInput = {
  /** New classification. */
  clientType?: InputMaybe<Scalars['String']['input']>;
  /** The client's global ID. */
  id: Scalars['ID']['input'];
  /** Mark the client inactive or active again. */
  isInactive?: InputMaybe<Scalars['Boolean']['input']>;
  /** New name. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** New website. */
  url?: InputMaybe<Scalars['String']['input']>;
};

/** A problem with a mutation's input that the caller can fix. */
export type UserError = {
  /** Machine-readable kind of problem. */
  code: UserErrorCode;
  /** Path to the offending input field, e.g. `["input", "name"]`. */
  field?: Maybe<Array<Scalars['String']['output']>>;
  /** What is wrong, in words an admin can act on. */
  message: Scalars['String']['output'];
};

/** Why a mutation input was refused. */
export type UserErrorCode =
  /** The change conflicts with the object's current state. */
  | 'CONFLICT'
  /** The value is malformed or out of range. */
  | 'INVALID'
  /** The referenced object does not exist for this tenant. */
  | 'NOT_FOUND'
  /** A required value is missing or blank. */
  | 'REQUIRED'
  /** The value is already used by another object. */
  | 'TAKEN';

/** The outcome of an integration's last connection check. */
export type Verification = {
  /** When it ran. */
  at: Scalars['Time']['output'];
  /** The config field most likely at fault (the credential for a refusal, the URL for a wrong or unreachable host). */
  field?: Maybe<Scalars['String']['output']>;
  /** What the RMM or rmmgraph said when it failed. */
  message?: Maybe<Scalars['String']['output']>;
  /** Whether the RMM accepted the configuration. */
  ok: Scalars['Boolean']['output'];
};

/** Result of a connection check. */
export type VerifyIntegrationPayload = {
  /** The integration after the check. */
  integration?: Maybe<Integration>;
  /** What the RMM said when it did not, in words an admin can act on. */
  message?: Maybe<Scalars['String']['output']>;
  /** Whether the RMM accepted the configuration. */
  ok: Scalars['Boolean']['output'];
  /** Why the check could not run; empty otherwise. */
  userErrors: Array<UserError>;
};

/** Who the caller is. */
export type Viewer = {
  /** The API key's role. */
  role: Role;
  /** The tenant the API key belongs to. */
  tenant: Tenant;
};

/** The workstation_assets columns of an asset. */
export type WorkstationDetails = {
  /** RMM agent version. */
  agentVersion?: Maybe<Scalars['String']['output']>;
  /** Antivirus product. */
  antivirusProduct?: Maybe<Scalars['String']['output']>;
  /** `protected`, `at_risk` or `unknown`. */
  antivirusStatus?: Maybe<Scalars['String']['output']>;
  /** Processor cores. */
  cpuCores?: Maybe<Scalars['Int']['output']>;
  /** Processor model. */
  cpuModel?: Maybe<Scalars['String']['output']>;
  /** Logged-in user. */
  currentUser?: Maybe<Scalars['String']['output']>;
  /** Disks. */
  diskUsage: Array<DiskUsage>;
  /** Failed patches. */
  failedPatches?: Maybe<Scalars['Int']['output']>;
  /** Graphics adapter. */
  gpuModel?: Maybe<Scalars['String']['output']>;
  /** Installed applications. */
  installedSoftware: Array<InstalledSoftware>;
  /** Whether it is a virtual machine (kept under system_info's `is_virtual`). */
  isVirtual?: Maybe<Scalars['Boolean']['output']>;
  /** LAN address. */
  lanIp?: Maybe<Scalars['String']['output']>;
  /** Last login. */
  lastLogin?: Maybe<Scalars['Time']['output']>;
  /** Last patch scan. */
  lastPatchScanAt?: Maybe<Scalars['Time']['output']>;
  /** Last boot. */
  lastRebootAt?: Maybe<Scalars['Time']['output']>;
  /** Network adapters (kept under system_info's `network_interfaces`). */
  networkInterfaces: Array<NetworkInterface>;
  /** OS family: Windows, macOS, Linux… */
  osType?: Maybe<Scalars['String']['output']>;
  /** OS name and version. */
  osVersion?: Maybe<Scalars['String']['output']>;
  /** Pending OS patches. */
  pendingOsPatches?: Maybe<Scalars['Int']['output']>;
  /** Pending patches. */
  pendingPatches?: Maybe<Scalars['Int']['output']>;
  /** Pending software patches. */
  pendingSoftwarePatches?: Maybe<Scalars['Int']['output']>;
  /** Memory in whole GB. */
  ramGb?: Maybe<Scalars['Int']['output']>;
  /** Storage in GB. */
  storageCapacityGb?: Maybe<Scalars['Int']['output']>;
  /** Storage kind. */
  storageType?: Maybe<Scalars['String']['output']>;
  /** Provider extras (manufacturer, model, domain…). */
  systemInfo?: Maybe<Scalars['JSON']['output']>;
  /** Seconds since boot: counted from `lastRebootAt` when it is known (so it stays current between syncs), else as last reported. */
  uptimeSeconds?: Maybe<Scalars['Int']['output']>;
  /** Public address. */
  wanIp?: Maybe<Scalars['String']['output']>;
};

export type ClientSearchQueryVariables = Exact<{
  search?: InputMaybe<Scalars['String']['input']>;
}>;


export type ClientSearchQuery = { clients: { totalCount: number, nodes: Array<{ id: string, name: string }> } };

export type CreateClientMutationVariables = Exact<{
  name: Scalars['String']['input'];
}>;


export type CreateClientMutation = { createClient: { client?: { id: string, name: string } | null, userErrors: Array<{ field?: Array<string> | null, message: string }> } };

export type ScopesQueryVariables = Exact<{
  provider: Scalars['String']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  mapped?: InputMaybe<Scalars['Boolean']['input']>;
  search?: InputMaybe<Scalars['String']['input']>;
}>;


export type ScopesQuery = { integration?: { id: string, scopeMappings: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor?: string | null }, nodes: Array<{ id: string, externalId: string, externalName?: string | null, kind: ScopeKind, parentExternalId?: string | null, autoSyncAssets: boolean, lastSyncedAt?: string | null, deviceCount: number, client?: { id: string, name: string } | null, suggestions: Array<{ confidence: number, reasons: Array<string>, client: { id: string, name: string } }> }> } } | null };

export type MapScopeMutationVariables = Exact<{
  scopeId: Scalars['ID']['input'];
  clientId: Scalars['ID']['input'];
  autoSync?: InputMaybe<Scalars['Boolean']['input']>;
}>;


export type MapScopeMutation = { mapScope: { scopeMapping?: { id: string, autoSyncAssets: boolean, client?: { id: string, name: string } | null } | null, userErrors: Array<{ field?: Array<string> | null, message: string }> } };

export type UnmapScopeMutationVariables = Exact<{
  scopeId: Scalars['ID']['input'];
}>;


export type UnmapScopeMutation = { unmapScope: { scopeMapping?: { id: string, client?: { id: string, name: string } | null } | null, userErrors: Array<{ field?: Array<string> | null, message: string }> } };

export type ScopeOverlapsQueryVariables = Exact<{
  provider: Scalars['String']['input'];
}>;


export type ScopeOverlapsQuery = { integration?: { id: string, scopePriority: { mode: ScopePriorityMode, scopeIds: Array<string> }, scopeConflicts: { totalCount: number, nodes: Array<{ externalId: string, name: string, detectedAt: string, scopes: Array<{ id: string, externalId: string, externalName?: string | null, client?: { id: string, name: string } | null }> }> }, scopeMappings: { totalCount: number, nodes: Array<{ id: string, externalId: string, externalName?: string | null, client?: { name: string } | null, retirementHold?: { detectedAt: string, had: number, returned: number, wouldRetire: number, dismissed: boolean, devices: Array<{ externalId: string, asset?: { id: string, name: string } | null }> } | null }> } } | null };

export type SetScopePriorityMutationVariables = Exact<{
  provider: Scalars['String']['input'];
  mode: ScopePriorityMode;
  scopeIds?: InputMaybe<Array<Scalars['String']['input']> | Scalars['String']['input']>;
}>;


export type SetScopePriorityMutation = { setScopePriority: { integration?: { id: string, scopePriority: { mode: ScopePriorityMode, scopeIds: Array<string> } } | null, userErrors: Array<{ field?: Array<string> | null, message: string }> } };

export type ConfirmRetirementMutationVariables = Exact<{
  scopeId: Scalars['ID']['input'];
}>;


export type ConfirmRetirementMutation = { confirmRetirement: { retired: number, userErrors: Array<{ message: string }> } };

export type DismissRetirementMutationVariables = Exact<{
  scopeId: Scalars['ID']['input'];
}>;


export type DismissRetirementMutation = { dismissRetirement: { scopeMapping?: { id: string } | null, userErrors: Array<{ message: string }> } };

export type AssetPageQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type AssetPageQuery = { asset?: { id: string, name: string, assetType: AssetType, assetTag: string, serialNumber?: string | null, status: string, location?: string | null, createdAt?: string | null, updatedAt?: string | null, client: { id: string, name: string }, rmm?: { provider: string, deviceId: string, organizationId?: string | null, agentStatus: AgentStatus, lastSeenAt?: string | null, lastSyncAt?: string | null } | null, workstation?: { osType?: string | null, osVersion?: string | null, cpuModel?: string | null, cpuCores?: number | null, ramGb?: number | null, storageType?: string | null, storageCapacityGb?: number | null, gpuModel?: string | null, lastLogin?: string | null, agentVersion?: string | null, antivirusStatus?: string | null, antivirusProduct?: string | null, lastRebootAt?: string | null, pendingPatches?: number | null, pendingOsPatches?: number | null, pendingSoftwarePatches?: number | null, failedPatches?: number | null, lastPatchScanAt?: string | null, currentUser?: string | null, uptimeSeconds?: number | null, lanIp?: string | null, wanIp?: string | null, isVirtual?: boolean | null, diskUsage: Array<{ name: string, totalGb?: number | null, freeGb?: number | null, utilizationPercent?: number | null }>, installedSoftware: Array<{ name: string, version?: string | null, publisher?: string | null }>, networkInterfaces: Array<{ name: string, macAddress?: string | null, ipAddresses: Array<string>, dnsServers: Array<string>, type?: string | null, speedMbps?: number | null }> } | null, server?: { osType?: string | null, osVersion?: string | null, cpuModel?: string | null, cpuCores?: number | null, ramGb?: number | null, isVirtual?: boolean | null, hypervisor?: string | null, primaryIp?: string | null, agentVersion?: string | null, antivirusStatus?: string | null, antivirusProduct?: string | null, lastRebootAt?: string | null, pendingPatches?: number | null, pendingOsPatches?: number | null, pendingSoftwarePatches?: number | null, failedPatches?: number | null, lastPatchScanAt?: string | null, currentUser?: string | null, uptimeSeconds?: number | null, lanIp?: string | null, wanIp?: string | null, diskUsage: Array<{ name: string, totalGb?: number | null, freeGb?: number | null, utilizationPercent?: number | null }>, installedSoftware: Array<{ name: string, version?: string | null, publisher?: string | null }>, networkInterfaces: Array<{ name: string, macAddress?: string | null, ipAddresses: Array<string>, dnsServers: Array<string>, type?: string | null, speedMbps?: number | null }> } | null, externalMappings: Array<{ integrationType: string, externalId: string, realmId?: string | null, syncStatus: string, lastSyncedAt?: string | null }>, identity: { rule: IdentityRule, evidence: Array<{ rule: IdentityRule, outcome: EvidenceOutcome, detail: string }>, sources: Array<{ provider: string, externalId: string, scopeId?: string | null, lastSeenAt?: string | null, retired: boolean, rule: IdentityRule, since: string, fields?: unknown | null }>, fieldSources: Array<{ group: FieldGroup, provider?: string | null }>, mergedInto?: { id: string, name: string } | null }, alerts: { totalCount: number, nodes: Array<{ id: string, severity: AlertSeverity, status: AlertStatus, message?: string | null, triggeredAt?: string | null }> } } | null, identityCandidates: { totalCount: number } };

export type AssetRowFragment = { id: string, name: string, assetType: AssetType, serialNumber?: string | null, status: string, client: { id: string, name: string }, rmm?: { provider: string, agentStatus: AgentStatus, lastSeenAt?: string | null } | null };

export type AssetsQueryVariables = Exact<{
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<AssetFilter>;
}>;


export type AssetsQuery = { providers: Array<{ id: string, displayName: string }>, assets: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor?: string | null }, nodes: Array<{ id: string, name: string, assetType: AssetType, serialNumber?: string | null, status: string, client: { id: string, name: string }, rmm?: { provider: string, agentStatus: AgentStatus, lastSeenAt?: string | null } | null }> } };

export type IntegrationsQueryVariables = Exact<{ [key: string]: never; }>;


export type IntegrationsQuery = { providers: Array<{ id: string, displayName: string, description: string, capabilities: { connection: boolean, scopeDiscovery: boolean, fullSync: boolean, incrementalSync: boolean, singleDeviceSync: boolean, webhookEvents: boolean, alerts: boolean, agedOutFallback: boolean, acknowledgeAlerts: boolean, resolveAlerts: boolean, oauth: boolean, remoteActions: boolean, directConnect: boolean }, integration?: { id: string, isActive: boolean, status: SyncStatus, syncError?: string | null, lastSyncAt?: string | null, assetCount: number, connection: { status: ConnectionStatus, reason?: string | null }, schedule: { enabled: boolean, nextRunAt?: string | null, nextRunMode?: SyncMode | null }, currentRun?: { id: string, status: SyncRunStatus } | null } | null }> };

export type ProviderPageQueryVariables = Exact<{
  id: Scalars['String']['input'];
}>;


export type ProviderPageQuery = { provider?: { id: string, displayName: string, description: string, syncModes: Array<SyncMode>, actions: Array<ProviderAction>, capabilities: { connection: boolean, scopeDiscovery: boolean, fullSync: boolean, incrementalSync: boolean, singleDeviceSync: boolean, webhookEvents: boolean, alerts: boolean, agedOutFallback: boolean, acknowledgeAlerts: boolean, resolveAlerts: boolean, oauth: boolean, remoteActions: boolean, directConnect: boolean }, configFields: Array<{ key: string, label: string, kind: ConfigFieldKind, required: boolean, affectsConnection: boolean, help?: string | null, placeholder?: string | null, default?: string | null, min?: number | null, max?: number | null, pattern?: string | null, patternHelp?: string | null, multiline: boolean, advanced: boolean, options?: Array<{ value: string, label: string }> | null, shownWhen?: { field: string, equals: string } | null }>, integration?: { id: string, instanceUrl?: string | null, isActive: boolean, connectedAt?: string | null, status: SyncStatus, syncError?: string | null, lastSyncAt?: string | null, lastFullSyncAt?: string | null, lastIncrementalSyncAt?: string | null, assetCount: number, config: Array<{ key: string, value?: string | null, isSet: boolean, isDefault: boolean }>, connection: { status: ConnectionStatus, reason?: string | null, since?: string | null }, lastVerification?: { at: string, ok: boolean, message?: string | null, field?: string | null } | null, schedule: { enabled: boolean, intervalMinutes: number, nextRunAt?: string | null, lastRunAt?: string | null, minIntervalMinutes: number, maxIntervalMinutes: number, nextRunMode?: SyncMode | null }, webhook?: { url: string, secretHeader: string, secretSet: boolean, bodyTemplate?: string | null, lastDeliveryAt?: string | null, deliveries: number, failed: number, pending: number } | null, currentRun?: { id: string, status: SyncRunStatus } | null, syncRuns: { totalCount: number, nodes: Array<{ id: string, mode: SyncMode, trigger: SyncTrigger, status: SyncRunStatus, startedAt: string, durationMs?: number | null, errorCode?: string | null, error?: string | null, counts: { seen: number, created: number, updated: number, unchanged: number, skipped: number, failed: number, retired: number, moved: number }, warningDetails: Array<{ code: string, message: string }> }> } } | null } | null };

export type ConfigureMutationVariables = Exact<{
  provider: Scalars['String']['input'];
  values: Array<ConfigValueInput> | ConfigValueInput;
}>;


export type ConfigureMutation = { configureIntegration: { needsVerification: boolean, integration?: { id: string } | null, userErrors: Array<{ field?: Array<string> | null, message: string }> } };

export type VerifyMutationVariables = Exact<{
  provider: Scalars['String']['input'];
}>;


export type VerifyMutation = { verifyIntegration: { ok: boolean, message?: string | null, userErrors: Array<{ field?: Array<string> | null, message: string }> } };

export type DisconnectMutationVariables = Exact<{
  provider: Scalars['String']['input'];
}>;


export type DisconnectMutation = { disconnectIntegration: { integration?: { id: string } | null, userErrors: Array<{ field?: Array<string> | null, message: string }> } };

export type DiscoverMutationVariables = Exact<{
  provider: Scalars['String']['input'];
}>;


export type DiscoverMutation = { discoverScopes: { added: number, updated: number, total: number, gone: Array<string>, userErrors: Array<{ field?: Array<string> | null, message: string }> } };

export type AuthorizeMutationVariables = Exact<{
  provider: Scalars['String']['input'];
}>;


export type AuthorizeMutation = { beginAuthorization: { authorizeUrl?: string | null, userErrors: Array<{ field?: Array<string> | null, message: string }> } };

export type RotateSecretMutationVariables = Exact<{
  provider: Scalars['String']['input'];
}>;


export type RotateSecretMutation = { rotateWebhookSecret: { secret?: string | null, registeredWithRmm: boolean, registrationError?: string | null, webhook?: { url: string, secretHeader: string } | null, userErrors: Array<{ field?: Array<string> | null, message: string }> } };

export type SetScheduleMutationVariables = Exact<{
  provider: Scalars['String']['input'];
  enabled?: InputMaybe<Scalars['Boolean']['input']>;
  interval?: InputMaybe<Scalars['Int']['input']>;
}>;


export type SetScheduleMutation = { setSyncSchedule: { integration?: { id: string, schedule: { enabled: boolean, intervalMinutes: number, nextRunAt?: string | null, nextRunMode?: SyncMode | null } } | null, userErrors: Array<{ field?: Array<string> | null, message: string }> } };

export type StartSyncMutationVariables = Exact<{
  provider: Scalars['String']['input'];
  mode?: InputMaybe<SyncMode>;
  deviceId?: InputMaybe<Scalars['String']['input']>;
}>;


export type StartSyncMutation = { startSync: { run?: { id: string, status: SyncRunStatus } | null, userErrors: Array<{ field?: Array<string> | null, message: string }> } };

export type CancelSyncMutationVariables = Exact<{
  runId: Scalars['ID']['input'];
}>;


export type CancelSyncMutation = { cancelSync: { run?: { id: string, status: SyncRunStatus } | null, userErrors: Array<{ field?: Array<string> | null, message: string }> } };

export type PreviewSyncMutationVariables = Exact<{
  provider: Scalars['String']['input'];
}>;


export type PreviewSyncMutation = { previewSync: { preview?: { moreChanges: number, counts: { seen: number, created: number, updated: number, unchanged: number, skipped: number, retired: number, moved: number, matched: number, queued: number }, warnings: Array<{ code: string, message: string }>, changes: Array<{ externalId: string, name?: string | null, scopeId?: string | null, kind: SyncPreviewChangeKind, reason?: string | null, fields: Array<string> }> } | null, userErrors: Array<{ field?: Array<string> | null, message: string }> } };

export type ProgressSubscriptionVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ProgressSubscription = { syncRunProgress: { id: string, status: SyncRunStatus, error?: string | null, progress: { scopesDone: number, scopesTotal: number, devicesSeen: number }, counts: { created: number, updated: number, unchanged: number, skipped: number } } };

export type ReviewQueueQueryVariables = Exact<{
  status?: InputMaybe<CandidateStatus>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type ReviewQueueQuery = { identityCandidates: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor?: string | null }, nodes: Array<{ id: string, provider: string, externalId: string, rule: IdentityRule, reason: string, status: CandidateStatus, createdAt: string, resolvedAt?: string | null, evidence: Array<{ rule: IdentityRule, outcome: EvidenceOutcome, detail: string }>, asset: { id: string, name: string, serialNumber?: string | null, client: { name: string } }, match: { id: string, name: string, serialNumber?: string | null, client: { name: string }, identity: { sources: Array<{ provider: string, externalId: string }> } } }> } };

export type ConfirmMatchMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ConfirmMatchMutation = { confirmMatch: { survivor?: { id: string, name: string } | null, userErrors: Array<{ message: string }> } };

export type ScanIdentitiesMutationVariables = Exact<{ [key: string]: never; }>;


export type ScanIdentitiesMutation = { scanIdentities: { queued: number, userErrors: Array<{ message: string }> } };

export type RejectMatchMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type RejectMatchMutation = { rejectMatch: { candidate?: { id: string, status: CandidateStatus } | null, userErrors: Array<{ message: string }> } };

export type RunPageQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type RunPageQuery = { syncRun?: { id: string, mode: SyncMode, trigger: SyncTrigger, status: SyncRunStatus, startedAt: string, finishedAt?: string | null, durationMs?: number | null, scopeIds: Array<string>, errorCode?: string | null, error?: string | null, integration: { id: string, provider: { id: string, displayName: string } }, counts: { seen: number, duplicates: number, created: number, updated: number, unchanged: number, skipped: number, failed: number, retired: number, moved: number, matched: number, queued: number, conflicts: number }, skipped: Array<{ reason: string, count: number }>, warningDetails: Array<{ code: string, message: string }>, changedAssets: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor?: string | null }, nodes: Array<{ id: string, name: string, assetType: AssetType, serialNumber?: string | null, status: string, client: { id: string, name: string }, rmm?: { provider: string, agentStatus: AgentStatus, lastSeenAt?: string | null } | null }> } } | null };

export const AssetRowFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AssetRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Asset"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"assetType"}},{"kind":"Field","name":{"kind":"Name","value":"serialNumber"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"client"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"rmm"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"agentStatus"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeenAt"}}]}}]}}]} as unknown as DocumentNode<AssetRowFragment, unknown>;
export const ClientSearchDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ClientSearch"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"search"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"clients"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"8"}},{"kind":"Argument","name":{"kind":"Name","value":"search"},"value":{"kind":"Variable","name":{"kind":"Name","value":"search"}}},{"kind":"Argument","name":{"kind":"Name","value":"active"},"value":{"kind":"BooleanValue","value":true}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<ClientSearchQuery, ClientSearchQueryVariables>;
export const CreateClientDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateClient"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createClient"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"client"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<CreateClientMutation, CreateClientMutationVariables>;
export const ScopesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Scopes"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"provider"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"mapped"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"search"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"integration"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"provider"},"value":{"kind":"Variable","name":{"kind":"Name","value":"provider"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"scopeMappings"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"mapped"},"value":{"kind":"Variable","name":{"kind":"Name","value":"mapped"}}},{"kind":"Argument","name":{"kind":"Name","value":"search"},"value":{"kind":"Variable","name":{"kind":"Name","value":"search"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"EnumValue","value":"NAME"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}},{"kind":"Field","name":{"kind":"Name","value":"externalName"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"parentExternalId"}},{"kind":"Field","name":{"kind":"Name","value":"autoSyncAssets"}},{"kind":"Field","name":{"kind":"Name","value":"lastSyncedAt"}},{"kind":"Field","name":{"kind":"Name","value":"deviceCount"}},{"kind":"Field","name":{"kind":"Name","value":"client"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"suggestions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"client"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"confidence"}},{"kind":"Field","name":{"kind":"Name","value":"reasons"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ScopesQuery, ScopesQueryVariables>;
export const MapScopeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"MapScope"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"scopeId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"clientId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"autoSync"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mapScope"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"scopeId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"scopeId"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"clientId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"clientId"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"autoSyncAssets"},"value":{"kind":"Variable","name":{"kind":"Name","value":"autoSync"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"scopeMapping"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"autoSyncAssets"}},{"kind":"Field","name":{"kind":"Name","value":"client"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<MapScopeMutation, MapScopeMutationVariables>;
export const UnmapScopeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UnmapScope"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"scopeId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"unmapScope"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"scopeId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"scopeId"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"scopeMapping"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"client"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<UnmapScopeMutation, UnmapScopeMutationVariables>;
export const ScopeOverlapsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ScopeOverlaps"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"provider"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"integration"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"provider"},"value":{"kind":"Variable","name":{"kind":"Name","value":"provider"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"scopePriority"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"scopeIds"}}]}},{"kind":"Field","name":{"kind":"Name","value":"scopeConflicts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"externalId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"detectedAt"}},{"kind":"Field","name":{"kind":"Name","value":"scopes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}},{"kind":"Field","name":{"kind":"Name","value":"externalName"}},{"kind":"Field","name":{"kind":"Name","value":"client"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"scopeMappings"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"held"},"value":{"kind":"BooleanValue","value":true}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}},{"kind":"Field","name":{"kind":"Name","value":"externalName"}},{"kind":"Field","name":{"kind":"Name","value":"client"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"retirementHold"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"detectedAt"}},{"kind":"Field","name":{"kind":"Name","value":"had"}},{"kind":"Field","name":{"kind":"Name","value":"returned"}},{"kind":"Field","name":{"kind":"Name","value":"wouldRetire"}},{"kind":"Field","name":{"kind":"Name","value":"dismissed"}},{"kind":"Field","name":{"kind":"Name","value":"devices"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"externalId"}},{"kind":"Field","name":{"kind":"Name","value":"asset"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ScopeOverlapsQuery, ScopeOverlapsQueryVariables>;
export const SetScopePriorityDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetScopePriority"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"provider"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"mode"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ScopePriorityMode"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"scopeIds"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setScopePriority"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"provider"},"value":{"kind":"Variable","name":{"kind":"Name","value":"provider"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"mode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"mode"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"scopeIds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"scopeIds"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"integration"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"scopePriority"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"scopeIds"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<SetScopePriorityMutation, SetScopePriorityMutationVariables>;
export const ConfirmRetirementDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConfirmRetirement"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"scopeId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"confirmRetirement"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"scopeId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"scopeId"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retired"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<ConfirmRetirementMutation, ConfirmRetirementMutationVariables>;
export const DismissRetirementDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DismissRetirement"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"scopeId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dismissRetirement"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"scopeId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"scopeId"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"scopeMapping"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<DismissRetirementMutation, DismissRetirementMutationVariables>;
export const AssetPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AssetPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"asset"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"assetType"}},{"kind":"Field","name":{"kind":"Name","value":"assetTag"}},{"kind":"Field","name":{"kind":"Name","value":"serialNumber"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"client"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"rmm"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"deviceId"}},{"kind":"Field","name":{"kind":"Name","value":"organizationId"}},{"kind":"Field","name":{"kind":"Name","value":"agentStatus"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeenAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastSyncAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"workstation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"osType"}},{"kind":"Field","name":{"kind":"Name","value":"osVersion"}},{"kind":"Field","name":{"kind":"Name","value":"cpuModel"}},{"kind":"Field","name":{"kind":"Name","value":"cpuCores"}},{"kind":"Field","name":{"kind":"Name","value":"ramGb"}},{"kind":"Field","name":{"kind":"Name","value":"storageType"}},{"kind":"Field","name":{"kind":"Name","value":"storageCapacityGb"}},{"kind":"Field","name":{"kind":"Name","value":"gpuModel"}},{"kind":"Field","name":{"kind":"Name","value":"lastLogin"}},{"kind":"Field","name":{"kind":"Name","value":"agentVersion"}},{"kind":"Field","name":{"kind":"Name","value":"antivirusStatus"}},{"kind":"Field","name":{"kind":"Name","value":"antivirusProduct"}},{"kind":"Field","name":{"kind":"Name","value":"lastRebootAt"}},{"kind":"Field","name":{"kind":"Name","value":"pendingPatches"}},{"kind":"Field","name":{"kind":"Name","value":"pendingOsPatches"}},{"kind":"Field","name":{"kind":"Name","value":"pendingSoftwarePatches"}},{"kind":"Field","name":{"kind":"Name","value":"failedPatches"}},{"kind":"Field","name":{"kind":"Name","value":"lastPatchScanAt"}},{"kind":"Field","name":{"kind":"Name","value":"currentUser"}},{"kind":"Field","name":{"kind":"Name","value":"uptimeSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"lanIp"}},{"kind":"Field","name":{"kind":"Name","value":"wanIp"}},{"kind":"Field","name":{"kind":"Name","value":"isVirtual"}},{"kind":"Field","name":{"kind":"Name","value":"diskUsage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"totalGb"}},{"kind":"Field","name":{"kind":"Name","value":"freeGb"}},{"kind":"Field","name":{"kind":"Name","value":"utilizationPercent"}}]}},{"kind":"Field","name":{"kind":"Name","value":"installedSoftware"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"publisher"}}]}},{"kind":"Field","name":{"kind":"Name","value":"networkInterfaces"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"macAddress"}},{"kind":"Field","name":{"kind":"Name","value":"ipAddresses"}},{"kind":"Field","name":{"kind":"Name","value":"dnsServers"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"speedMbps"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"server"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"osType"}},{"kind":"Field","name":{"kind":"Name","value":"osVersion"}},{"kind":"Field","name":{"kind":"Name","value":"cpuModel"}},{"kind":"Field","name":{"kind":"Name","value":"cpuCores"}},{"kind":"Field","name":{"kind":"Name","value":"ramGb"}},{"kind":"Field","name":{"kind":"Name","value":"isVirtual"}},{"kind":"Field","name":{"kind":"Name","value":"hypervisor"}},{"kind":"Field","name":{"kind":"Name","value":"primaryIp"}},{"kind":"Field","name":{"kind":"Name","value":"agentVersion"}},{"kind":"Field","name":{"kind":"Name","value":"antivirusStatus"}},{"kind":"Field","name":{"kind":"Name","value":"antivirusProduct"}},{"kind":"Field","name":{"kind":"Name","value":"lastRebootAt"}},{"kind":"Field","name":{"kind":"Name","value":"pendingPatches"}},{"kind":"Field","name":{"kind":"Name","value":"pendingOsPatches"}},{"kind":"Field","name":{"kind":"Name","value":"pendingSoftwarePatches"}},{"kind":"Field","name":{"kind":"Name","value":"failedPatches"}},{"kind":"Field","name":{"kind":"Name","value":"lastPatchScanAt"}},{"kind":"Field","name":{"kind":"Name","value":"currentUser"}},{"kind":"Field","name":{"kind":"Name","value":"uptimeSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"lanIp"}},{"kind":"Field","name":{"kind":"Name","value":"wanIp"}},{"kind":"Field","name":{"kind":"Name","value":"diskUsage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"totalGb"}},{"kind":"Field","name":{"kind":"Name","value":"freeGb"}},{"kind":"Field","name":{"kind":"Name","value":"utilizationPercent"}}]}},{"kind":"Field","name":{"kind":"Name","value":"installedSoftware"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"publisher"}}]}},{"kind":"Field","name":{"kind":"Name","value":"networkInterfaces"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"macAddress"}},{"kind":"Field","name":{"kind":"Name","value":"ipAddresses"}},{"kind":"Field","name":{"kind":"Name","value":"dnsServers"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"speedMbps"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"externalMappings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"integrationType"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}},{"kind":"Field","name":{"kind":"Name","value":"realmId"}},{"kind":"Field","name":{"kind":"Name","value":"syncStatus"}},{"kind":"Field","name":{"kind":"Name","value":"lastSyncedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"identity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"evidence"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"detail"}}]}},{"kind":"Field","name":{"kind":"Name","value":"sources"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}},{"kind":"Field","name":{"kind":"Name","value":"scopeId"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeenAt"}},{"kind":"Field","name":{"kind":"Name","value":"retired"}},{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"since"}},{"kind":"Field","name":{"kind":"Name","value":"fields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"fieldSources"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"group"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}}]}},{"kind":"Field","name":{"kind":"Name","value":"mergedInto"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"alerts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"triggeredAt"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"identityCandidates"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"assetId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}}]}}]} as unknown as DocumentNode<AssetPageQuery, AssetPageQueryVariables>;
export const AssetsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Assets"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"AssetFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"providers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"assets"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"field"},"value":{"kind":"EnumValue","value":"NAME"}},{"kind":"ObjectField","name":{"kind":"Name","value":"direction"},"value":{"kind":"EnumValue","value":"ASC"}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AssetRow"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AssetRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Asset"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"assetType"}},{"kind":"Field","name":{"kind":"Name","value":"serialNumber"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"client"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"rmm"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"agentStatus"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeenAt"}}]}}]}}]} as unknown as DocumentNode<AssetsQuery, AssetsQueryVariables>;
export const IntegrationsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Integrations"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"providers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"capabilities"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"connection"}},{"kind":"Field","name":{"kind":"Name","value":"scopeDiscovery"}},{"kind":"Field","name":{"kind":"Name","value":"fullSync"}},{"kind":"Field","name":{"kind":"Name","value":"incrementalSync"}},{"kind":"Field","name":{"kind":"Name","value":"singleDeviceSync"}},{"kind":"Field","name":{"kind":"Name","value":"webhookEvents"}},{"kind":"Field","name":{"kind":"Name","value":"alerts"}},{"kind":"Field","name":{"kind":"Name","value":"agedOutFallback"}},{"kind":"Field","name":{"kind":"Name","value":"acknowledgeAlerts"}},{"kind":"Field","name":{"kind":"Name","value":"resolveAlerts"}},{"kind":"Field","name":{"kind":"Name","value":"oauth"}},{"kind":"Field","name":{"kind":"Name","value":"remoteActions"}},{"kind":"Field","name":{"kind":"Name","value":"directConnect"}}]}},{"kind":"Field","name":{"kind":"Name","value":"integration"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"isActive"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"syncError"}},{"kind":"Field","name":{"kind":"Name","value":"lastSyncAt"}},{"kind":"Field","name":{"kind":"Name","value":"assetCount"}},{"kind":"Field","name":{"kind":"Name","value":"connection"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"schedule"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"nextRunAt"}},{"kind":"Field","name":{"kind":"Name","value":"nextRunMode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"currentRun"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]}}]} as unknown as DocumentNode<IntegrationsQuery, IntegrationsQueryVariables>;
export const ProviderPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ProviderPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"provider"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"syncModes"}},{"kind":"Field","name":{"kind":"Name","value":"actions"}},{"kind":"Field","name":{"kind":"Name","value":"capabilities"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"connection"}},{"kind":"Field","name":{"kind":"Name","value":"scopeDiscovery"}},{"kind":"Field","name":{"kind":"Name","value":"fullSync"}},{"kind":"Field","name":{"kind":"Name","value":"incrementalSync"}},{"kind":"Field","name":{"kind":"Name","value":"singleDeviceSync"}},{"kind":"Field","name":{"kind":"Name","value":"webhookEvents"}},{"kind":"Field","name":{"kind":"Name","value":"alerts"}},{"kind":"Field","name":{"kind":"Name","value":"agedOutFallback"}},{"kind":"Field","name":{"kind":"Name","value":"acknowledgeAlerts"}},{"kind":"Field","name":{"kind":"Name","value":"resolveAlerts"}},{"kind":"Field","name":{"kind":"Name","value":"oauth"}},{"kind":"Field","name":{"kind":"Name","value":"remoteActions"}},{"kind":"Field","name":{"kind":"Name","value":"directConnect"}}]}},{"kind":"Field","name":{"kind":"Name","value":"configFields"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"required"}},{"kind":"Field","name":{"kind":"Name","value":"affectsConnection"}},{"kind":"Field","name":{"kind":"Name","value":"help"}},{"kind":"Field","name":{"kind":"Name","value":"placeholder"}},{"kind":"Field","name":{"kind":"Name","value":"default"}},{"kind":"Field","name":{"kind":"Name","value":"min"}},{"kind":"Field","name":{"kind":"Name","value":"max"}},{"kind":"Field","name":{"kind":"Name","value":"pattern"}},{"kind":"Field","name":{"kind":"Name","value":"patternHelp"}},{"kind":"Field","name":{"kind":"Name","value":"multiline"}},{"kind":"Field","name":{"kind":"Name","value":"advanced"}},{"kind":"Field","name":{"kind":"Name","value":"options"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"label"}}]}},{"kind":"Field","name":{"kind":"Name","value":"shownWhen"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"equals"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"integration"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"instanceUrl"}},{"kind":"Field","name":{"kind":"Name","value":"isActive"}},{"kind":"Field","name":{"kind":"Name","value":"connectedAt"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"syncError"}},{"kind":"Field","name":{"kind":"Name","value":"lastSyncAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastFullSyncAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastIncrementalSyncAt"}},{"kind":"Field","name":{"kind":"Name","value":"assetCount"}},{"kind":"Field","name":{"kind":"Name","value":"config"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"isSet"}},{"kind":"Field","name":{"kind":"Name","value":"isDefault"}}]}},{"kind":"Field","name":{"kind":"Name","value":"connection"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"since"}}]}},{"kind":"Field","name":{"kind":"Name","value":"lastVerification"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"ok"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}},{"kind":"Field","name":{"kind":"Name","value":"schedule"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"intervalMinutes"}},{"kind":"Field","name":{"kind":"Name","value":"nextRunAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastRunAt"}},{"kind":"Field","name":{"kind":"Name","value":"minIntervalMinutes"}},{"kind":"Field","name":{"kind":"Name","value":"maxIntervalMinutes"}},{"kind":"Field","name":{"kind":"Name","value":"nextRunMode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"webhook"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"secretHeader"}},{"kind":"Field","name":{"kind":"Name","value":"secretSet"}},{"kind":"Field","name":{"kind":"Name","value":"bodyTemplate"}},{"kind":"Field","name":{"kind":"Name","value":"lastDeliveryAt"}},{"kind":"Field","name":{"kind":"Name","value":"deliveries"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"pending"}}]}},{"kind":"Field","name":{"kind":"Name","value":"currentRun"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"syncRuns"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"errorCode"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"counts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"seen"}},{"kind":"Field","name":{"kind":"Name","value":"created"}},{"kind":"Field","name":{"kind":"Name","value":"updated"}},{"kind":"Field","name":{"kind":"Name","value":"unchanged"}},{"kind":"Field","name":{"kind":"Name","value":"skipped"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"retired"}},{"kind":"Field","name":{"kind":"Name","value":"moved"}}]}},{"kind":"Field","name":{"kind":"Name","value":"warningDetails"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ProviderPageQuery, ProviderPageQueryVariables>;
export const ConfigureDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Configure"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"provider"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"values"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ConfigValueInput"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"configureIntegration"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"provider"},"value":{"kind":"Variable","name":{"kind":"Name","value":"provider"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"values"},"value":{"kind":"Variable","name":{"kind":"Name","value":"values"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"integration"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"needsVerification"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<ConfigureMutation, ConfigureMutationVariables>;
export const VerifyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Verify"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"provider"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"verifyIntegration"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"provider"},"value":{"kind":"Variable","name":{"kind":"Name","value":"provider"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ok"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<VerifyMutation, VerifyMutationVariables>;
export const DisconnectDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Disconnect"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"provider"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"disconnectIntegration"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"provider"},"value":{"kind":"Variable","name":{"kind":"Name","value":"provider"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"integration"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<DisconnectMutation, DisconnectMutationVariables>;
export const DiscoverDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Discover"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"provider"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"discoverScopes"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"provider"},"value":{"kind":"Variable","name":{"kind":"Name","value":"provider"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"added"}},{"kind":"Field","name":{"kind":"Name","value":"updated"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"gone"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<DiscoverMutation, DiscoverMutationVariables>;
export const AuthorizeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Authorize"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"provider"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"beginAuthorization"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"provider"},"value":{"kind":"Variable","name":{"kind":"Name","value":"provider"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"authorizeUrl"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<AuthorizeMutation, AuthorizeMutationVariables>;
export const RotateSecretDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RotateSecret"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"provider"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rotateWebhookSecret"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"provider"},"value":{"kind":"Variable","name":{"kind":"Name","value":"provider"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"secret"}},{"kind":"Field","name":{"kind":"Name","value":"registeredWithRmm"}},{"kind":"Field","name":{"kind":"Name","value":"registrationError"}},{"kind":"Field","name":{"kind":"Name","value":"webhook"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"secretHeader"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<RotateSecretMutation, RotateSecretMutationVariables>;
export const SetScheduleDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetSchedule"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"provider"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"enabled"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"interval"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setSyncSchedule"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"provider"},"value":{"kind":"Variable","name":{"kind":"Name","value":"provider"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"enabled"},"value":{"kind":"Variable","name":{"kind":"Name","value":"enabled"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"intervalMinutes"},"value":{"kind":"Variable","name":{"kind":"Name","value":"interval"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"integration"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"schedule"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"intervalMinutes"}},{"kind":"Field","name":{"kind":"Name","value":"nextRunAt"}},{"kind":"Field","name":{"kind":"Name","value":"nextRunMode"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<SetScheduleMutation, SetScheduleMutationVariables>;
export const StartSyncDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StartSync"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"provider"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"mode"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"SyncMode"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"deviceId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startSync"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"provider"},"value":{"kind":"Variable","name":{"kind":"Name","value":"provider"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"mode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"mode"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"deviceId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"deviceId"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"run"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<StartSyncMutation, StartSyncMutationVariables>;
export const CancelSyncDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CancelSync"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"runId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cancelSync"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"runId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"runId"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"run"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<CancelSyncMutation, CancelSyncMutationVariables>;
export const PreviewSyncDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PreviewSync"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"provider"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"previewSync"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"provider"},"value":{"kind":"Variable","name":{"kind":"Name","value":"provider"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"preview"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"counts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"seen"}},{"kind":"Field","name":{"kind":"Name","value":"created"}},{"kind":"Field","name":{"kind":"Name","value":"updated"}},{"kind":"Field","name":{"kind":"Name","value":"unchanged"}},{"kind":"Field","name":{"kind":"Name","value":"skipped"}},{"kind":"Field","name":{"kind":"Name","value":"retired"}},{"kind":"Field","name":{"kind":"Name","value":"moved"}},{"kind":"Field","name":{"kind":"Name","value":"matched"}},{"kind":"Field","name":{"kind":"Name","value":"queued"}}]}},{"kind":"Field","name":{"kind":"Name","value":"warnings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"changes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"externalId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"scopeId"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"fields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"moreChanges"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<PreviewSyncMutation, PreviewSyncMutationVariables>;
export const ProgressDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"Progress"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"syncRunProgress"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"progress"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"scopesDone"}},{"kind":"Field","name":{"kind":"Name","value":"scopesTotal"}},{"kind":"Field","name":{"kind":"Name","value":"devicesSeen"}}]}},{"kind":"Field","name":{"kind":"Name","value":"counts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"created"}},{"kind":"Field","name":{"kind":"Name","value":"updated"}},{"kind":"Field","name":{"kind":"Name","value":"unchanged"}},{"kind":"Field","name":{"kind":"Name","value":"skipped"}}]}}]}}]}}]} as unknown as DocumentNode<ProgressSubscription, ProgressSubscriptionVariables>;
export const ReviewQueueDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ReviewQueue"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"status"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"CandidateStatus"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"identityCandidates"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"25"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"status"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}},{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"resolvedAt"}},{"kind":"Field","name":{"kind":"Name","value":"evidence"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"detail"}}]}},{"kind":"Field","name":{"kind":"Name","value":"asset"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"serialNumber"}},{"kind":"Field","name":{"kind":"Name","value":"client"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"match"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"serialNumber"}},{"kind":"Field","name":{"kind":"Name","value":"client"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"identity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sources"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ReviewQueueQuery, ReviewQueueQueryVariables>;
export const ConfirmMatchDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConfirmMatch"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"confirmMatch"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"candidateId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"survivor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<ConfirmMatchMutation, ConfirmMatchMutationVariables>;
export const ScanIdentitiesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ScanIdentities"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"scanIdentities"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"queued"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<ScanIdentitiesMutation, ScanIdentitiesMutationVariables>;
export const RejectMatchDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RejectMatch"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rejectMatch"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"candidateId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"candidate"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<RejectMatchMutation, RejectMatchMutationVariables>;
export const RunPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RunPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"syncRun"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"scopeIds"}},{"kind":"Field","name":{"kind":"Name","value":"errorCode"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"integration"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"provider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"counts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"seen"}},{"kind":"Field","name":{"kind":"Name","value":"duplicates"}},{"kind":"Field","name":{"kind":"Name","value":"created"}},{"kind":"Field","name":{"kind":"Name","value":"updated"}},{"kind":"Field","name":{"kind":"Name","value":"unchanged"}},{"kind":"Field","name":{"kind":"Name","value":"skipped"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"retired"}},{"kind":"Field","name":{"kind":"Name","value":"moved"}},{"kind":"Field","name":{"kind":"Name","value":"matched"}},{"kind":"Field","name":{"kind":"Name","value":"queued"}},{"kind":"Field","name":{"kind":"Name","value":"conflicts"}}]}},{"kind":"Field","name":{"kind":"Name","value":"skipped"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"warningDetails"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"changedAssets"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"25"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AssetRow"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AssetRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Asset"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"assetType"}},{"kind":"Field","name":{"kind":"Name","value":"serialNumber"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"client"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"rmm"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"agentStatus"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeenAt"}}]}}]}}]} as unknown as DocumentNode<RunPageQuery, RunPageQueryVariables>;