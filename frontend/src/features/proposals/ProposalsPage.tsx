export function ProposalsPage() {
  return null;
}
