// "Sign in" in the banner of the acting account: proves to the node that the acting account is yours
// (Sign-In with Ethereum), which unlocks private data. Signing costs nothing and sends no transaction.
import { describeError } from "../../../lib/hooks.ts";
import { useSession } from "../../../lib/session.tsx";
import { useApiSession, useSignIn, useSignOut } from "../api/auth.ts";

export function SignInControl() {
  const { signer } = useSession();
  const session = useApiSession().data ?? undefined;
  const signIn = useSignIn();
  const signOut = useSignOut();
  const matches = session && signer && session.address.toLowerCase() === signer.address.toLowerCase();
  if (!signer && !session) return null;
  return (
    <div className="signin" data-testid="signin">
      {matches ? (
        <>
          <span className="signin-state" data-testid="signed-in">
            ✓ signed in
          </span>
          <button type="button" className="btn btn-small btn-ghost" onClick={() => signOut.mutate()}>
            Sign out
          </button>
        </>
      ) : signer ? (
        <button
          type="button"
          className="btn btn-small"
          disabled={signIn.isPending}
          onClick={() => signIn.mutate()}
          title="Sign-In with Ethereum: one signature, no transaction"
          data-testid="signin-button"
        >
          {signIn.isPending ? "Signing…" : "Sign in"}
        </button>
      ) : null}
      {signIn.error && (
        <div className="warn-text" role="alert">
          {describeError(signIn.error).message}
        </div>
      )}
    </div>
  );
}
