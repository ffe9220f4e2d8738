import { Button, Tooltip, type ButtonProps } from 'antd';

import type { Offer } from './offers';

/**
 * A button for an action the server offers: absent when not offered, disabled with the
 * server's reason (as a tooltip and for screen readers) when blocked.
 */
export function OfferedButton({ offer, disabled, ...props }: { offer: Offer } & ButtonProps) {
  if (!offer.shown) return null;
  const button = <Button {...props} disabled={disabled || !offer.enabled} aria-description={offer.reason} />;
  // A disabled button fires no pointer events: the tooltip hangs on a wrapper.
  return offer.reason ? (
    <Tooltip title={offer.reason}>
      <span style={{ display: 'inline-block' }}>{button}</span>
    </Tooltip>
  ) : (
    button
  );
}
