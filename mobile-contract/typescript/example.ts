// How the app uses the client. Type-checked in CI (`npm run typecheck`), not run.
import { ApiError, CarePassportClient, SignInRequired, type TokenPair, type TokenStore } from "./client";

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
  const log = await api.get("/v1/me/access-log");
  return `${name}: ${log.entries.length} people have looked at your records`;
}

/**
 * Polling cheaply: every GET the app polls answers with an ETag, and the client sends it back
 * as If-None-Match. While nothing changed the server answers 304 with no body and `get`
 * returns the copy it kept, so calling this every minute costs almost nothing.
 */
export async function pollForNewPassport(api: CarePassportClient, lastSeenVersion: number): Promise<boolean> {
  const passport = await api.get("/v1/me/passport");
  const applications = await api.get("/v1/me/prescription-applications");
  const waiting = applications.applications.filter((a) => a.status === "submitted").length;
  return passport.version > lastSeenVersion || waiting > 0;
}
