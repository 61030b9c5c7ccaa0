// A tiny typed client for the Care Passport API: what a React Native app would import.
// Types come from schema.d.ts, generated from ../openapi.json (`npm run generate`).
import type { components, paths } from "./schema";

export type Schemas = components["schemas"];
export type Problem = Schemas["Problem"];
export type TokenPair = Schemas["TokenPair"];

/** Where the app keeps its tokens (use the platform keystore in a real app). */
export interface TokenStore {
  get(): TokenPair | null;
  set(tokens: TokenPair | null): void;
}

/** A problem+json answer from the API. `status` and `problem.errors` name what to fix. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(`${status} ${problem.title}: ${problem.detail}`);
  }
}

/** The sign-in has ended (refresh token reused, revoked or expired): show the sign-in screen. */
export class SignInRequired extends Error {}

type Method = "get" | "post" | "put" | "patch" | "delete";
type Op<P extends keyof paths, M extends Method> = paths[P][M] extends { responses: unknown } ? paths[P][M] : never;
type JsonOf<R> = R extends { content: { "application/json": infer T } } ? T : never;
/** The JSON body of the operation's 200 (or 201) response. */
export type Ok<P extends keyof paths, M extends Method> =
  Op<P, M> extends { responses: { 200: infer R } } ? JsonOf<R> :
  Op<P, M> extends { responses: { 201: infer R } } ? JsonOf<R> : never;
/** The operation's JSON request body, if it has one. */
export type Body<P extends keyof paths, M extends Method> =
  Op<P, M> extends { requestBody: { content: { "application/json": infer B } } } ? B : never;

export class CarePassportClient {
  private etags = new Map<string, { etag: string; body: unknown }>();

  constructor(
    private readonly baseUrl: string,
    private readonly tokens: TokenStore,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async login(email: string, password: string): Promise<TokenPair> {
    const pair = await this.send<TokenPair>("post", "/v1/auth/login", { email, password }, false);
    this.tokens.set(pair);
    return pair;
  }

  async logout(): Promise<void> {
    const current = this.tokens.get();
    this.tokens.set(null);
    if (current) await this.send("post", "/v1/auth/logout", { refresh_token: current.refresh_token }, false);
  }

  /** GET with the caller's token; replays the cached body on 304 Not Modified. */
  get<P extends keyof paths>(path: P, query?: Record<string, string | number | boolean>): Promise<Ok<P, "get">> {
    const qs = query ? "?" + new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])) : "";
    return this.send("get", `${String(path)}${qs}`, undefined, true);
  }

  post<P extends keyof paths>(path: P, body: Body<P, "post">): Promise<Ok<P, "post">> {
    return this.send("post", String(path), body, true);
  }

  patch<P extends keyof paths>(path: P, body: Body<P, "patch">): Promise<Ok<P, "patch">> {
    return this.send("patch", String(path), body, true);
  }

  private async send<T>(method: Method, path: string, body: unknown, auth: boolean, retried = false): Promise<T> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    const cached = method === "get" ? this.etags.get(path) : undefined;
    if (cached) headers["if-none-match"] = cached.etag;
    if (auth) {
      const tokens = this.tokens.get();
      if (!tokens) throw new SignInRequired();
      headers.authorization = `Bearer ${tokens.access_token}`;
    }
    const res = await this.fetchImpl(this.baseUrl + path, {
      method: method.toUpperCase(),
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status === 304 && cached) return cached.body as T;
    if (res.status === 401 && auth && !retried) {
      await this.refresh();
      return this.send(method, path, body, auth, true);
    }
    if (!res.ok) throw new ApiError(res.status, (await res.json()) as Problem);
    if (res.status === 204) return undefined as T;
    const json = (await res.json()) as T;
    const etag = res.headers.get("etag");
    if (method === "get" && etag) this.etags.set(path, { etag, body: json });
    return json;
  }

  /** Rotates the refresh token. A 401 here means the family was revoked: sign in again. */
  private async refresh(): Promise<void> {
    const current = this.tokens.get();
    if (!current) throw new SignInRequired();
    try {
      const pair = await this.send<TokenPair>("post", "/v1/auth/refresh", { refresh_token: current.refresh_token }, false);
      this.tokens.set(pair);
    } catch (e) {
      this.tokens.set(null);
      if (e instanceof ApiError && e.status === 401) throw new SignInRequired();
      throw e;
    }
  }
}
