// What a page shows in place of something only a signed-in party may use: why to sign in, and the button.
import { FailureLine } from "../../../components/ui.tsx";
import { useSignIn } from "../api/auth.ts";

export function SignInPrompt({ reason, action, testId }: { reason: string; action: string; testId: string }) {
  const signIn = useSignIn();
  return (
    <div className="stack">
      <p className="muted" style={{ margin: 0 }}>
        {reason}
      </p>
      <button
        type="button"
        className="btn btn-small"
        disabled={signIn.isPending}
        onClick={() => signIn.mutate()}
        data-testid={testId}
      >
        {signIn.isPending ? "Signing…" : action}
      </button>
      <FailureLine error={signIn.error} />
    </div>
  );
}
