import { useTranslation } from 'react-i18next';
import { OfferedButton } from '../../components/OfferedButton';
import type { Job } from './JobDialogs';
import { jobMoves, primaryMove, type JobMove } from './logic';

/**
 * A job's buttons: the moves the server offers the viewer, its next step standing out (not
 * re-assigning or cancelling); a blocked move is disabled with the server's reason.
 */
export function MoveButtons({
  job,
  busy,
  onAction,
  small,
  large,
}: {
  job: Job;
  busy: boolean;
  onAction: (job: Job, action: JobMove) => void;
  /** The board card's compact buttons. */
  small?: boolean;
  /** Thumb-sized, on a phone. */
  large?: boolean;
}) {
  const { t } = useTranslation('installs');
  const moves = jobMoves(job);
  const primary = primaryMove(job);
  return (
    <>
      {moves.map(({ move, offer }) => (
        <OfferedButton
          key={move}
          offer={offer}
          size={small ? 'small' : large ? 'large' : undefined}
          type={move === 'cancel' && small ? 'text' : move === primary ? 'primary' : 'default'}
          danger={move === 'cancel'}
          disabled={busy}
          onClick={() => onAction(job, move)}
        >
          {t(move === 'assign' && job.lead ? 'actions.reassign' : `actions.${move}`)}
        </OfferedButton>
      ))}
    </>
  );
}
