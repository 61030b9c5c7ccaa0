// How the app uses the client. Type-checked in CI (`npm run typecheck`), not run.
import {
  ApiError,
  CarePassportClient,
  SignInRequired,
  type Schemas,
  type TokenPair,
  type TokenStore,
} from "./client";

let saved: TokenPair | null = null;
const store: TokenStore = { get: () => saved, set: (t) => (saved = t) };

export async function example(): Promise<string> {
  const api = new CarePassportClient("http://127.0.0.1:8080", store);
  await api.login("jordan@demo.care-passport.test", "the password printed by `care-passport demo`");
  const me = await api.get("/v1/me");
  const name: string = me.preferred_name ?? me.name;
  try {
    await api.patch("/v1/me", { consents: { share_passport_with_caseworker: true } });
  } catch (e) {
    if (e instanceof ApiError && e.status === 422) {
      return e.problem.errors?.map((f) => `${f.field}: ${f.message}`).join("\n") ?? e.problem.detail;
    }
    if (e instanceof SignInRequired) return "Please sign in again";
    throw e;
  }
  const log = await wholeAccessLog(api);
  return `${name}: ${log.length} people have looked at your records`;
}

/**
 * Cursor paging: the access log grows at the top while the app reads it, so it is paged with
 * `next_cursor` (null on the last page) rather than `offset`. Follow it to the end; a page can
 * hold fewer than `limit` entries.
 */
export async function wholeAccessLog(api: CarePassportClient): Promise<Schemas["AccessLogEntry"][]> {
  let page = await api.get("/v1/me/access-log", { limit: 200 });
  const entries = [...page.items];
  while (page.next_cursor) {
    page = await api.get("/v1/me/access-log", { limit: 200, cursor: page.next_cursor });
    entries.push(...page.items);
  }
  return entries;
}

/**
 * Offset paging: every other list has `total`, so the app knows how many pages there are.
 * Ask for `offset = offset + limit` until `offset >= total`.
 */
export async function allMyApplications(api: CarePassportClient): Promise<Schemas["ApplicationView"][]> {
  const first = await api.get("/v1/me/prescription-applications", { limit: 50 });
  const all = [...first.items];
  for (let offset = first.limit; offset < first.total; offset += first.limit) {
    const page = await api.get("/v1/me/prescription-applications", { limit: first.limit, offset });
    all.push(...page.items);
  }
  return all;
}

/**
 * Polling cheaply: every GET the app polls answers with an ETag, and the client sends it back
 * as If-None-Match. While nothing changed the server answers 304 with no body and `get`
 * returns the copy it kept, so calling this every minute costs almost nothing.
 */
export async function pollForNewPassport(api: CarePassportClient, lastSeenVersion: number): Promise<boolean> {
  const passport = await api.get("/v1/me/passport");
  const applications = await api.get("/v1/me/prescription-applications");
  const waiting = applications.items.filter((a) => a.status === "submitted").length;
  return passport.version > lastSeenVersion || waiting > 0;
}
