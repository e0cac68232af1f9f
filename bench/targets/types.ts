// The contract between the runner and a benchmark target. A target is one server process (started with the command
// it returns) plus the code that prepares its storage; plugging in a new one means one file in bench/targets/ and one
// line in bench/targets/index.ts.

/** The four scenarios of issue 6. */
export type ScenarioId = 'S1' | 'S2' | 'S3' | 'S4';

/** Every scenario, in run order. */
export const SCENARIO_IDS: readonly ScenarioId[] = ['S1', 'S2', 'S3', 'S4'];

/** What each scenario measures, for the report. */
export const SCENARIO_TITLES: Readonly<Record<ScenarioId, string>> = {
  S1: 'client_credentials token (HTTP Basic)',
  S2: 'GET protected resource (Bearer)',
  S3: 'introspection (client-authenticated)',
  S4: 'authorization_code + PKCE exchange',
};

/** The HTTP paths of a target, relative to its base URL. `null` marks a scenario the target cannot serve. */
export interface TargetPaths {
  token: string;
  resource: string;
  introspect: string | null;
}

/** What the runner hands a target: the database it owns and the address it must listen on. */
export interface TargetEnv {
  /** `postgres://` URL of the target's own database in the bench cluster (TCP on loopback). */
  databaseUrl: string;
  host: string;
  port: number;
}

/** How to start the target's server: `node <nodeArgs...>` from the repository root, with `env` added. */
export interface ServerCommand {
  nodeArgs: readonly string[];
  env: Readonly<Record<string, string>>;
}

/** The fixtures a target seeds before anything is timed. */
export interface Fixtures {
  /** A confidential client authenticated with HTTP Basic (S1, S3, S4). */
  clientId: string;
  clientSecret: string;
  /**
   * The client S4 authenticates as, when it is not `clientId` (a provider whose applications each have one grant
   * type, as DOT's do, needs a second, authorization-code application).
   */
  codeClient?: { clientId: string; clientSecret: string };
  /** Sent as `scope` in S1 when set. */
  scope?: string;
  /** A valid access token, good for the whole run (S2 bearer, S3 subject). */
  accessToken: string;
  /** The redirect URI the codes were issued for, and the PKCE verifier whose S256 challenge they carry (S4). */
  redirectUri: string;
  codeVerifier: string;
}

/** A benchmark target. */
export interface Target {
  /** Short stable id used on the command line and in the results (`floor`, `oidc-provider`, ...). */
  id: string;
  /** One line for the report: what runs, at which version. */
  label: string;
  /** When set, the target is listed but skipped, and this reason is printed. */
  unavailable?: string;
  paths: TargetPaths;
  /** Scenarios the target supports; the others are reported as n/a. */
  scenarios: readonly ScenarioId[];
  /** Create the tables, before the server starts (omit for an app that migrates itself at boot). */
  migrate?(databaseUrl: string): Promise<void>;
  /** The command that starts the server; the runner waits until `host:port` accepts connections. */
  server(env: TargetEnv): ServerCommand;
  /** Create the client and a valid access token, once the server is up. */
  seed(databaseUrl: string): Promise<Fixtures>;
  /** Insert `count` unused authorization codes for `fixtures` (lifetime ≥ 1 hour) and return their values. */
  mintCodes(databaseUrl: string, fixtures: Fixtures, count: number): Promise<string[]>;
}
