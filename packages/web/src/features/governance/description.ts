/** A proposal's description without its first line, which is its title (a Markdown heading or plain). */
export function proposalBody(proposal: { description: string; title: string }): string {
  const [first = "", ...rest] = proposal.description.split("\n");
  const titled = first.replace(/^#+\s*/, "").trim() === proposal.title;
  return (titled ? rest.join("\n") : proposal.description).trim();
}
