export function ProposalPage() {
  return null;
}
