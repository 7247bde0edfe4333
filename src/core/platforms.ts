/**
 * What each chat platform can do, in neutral words, so a feature can shape its replies without knowing the
 * platform: the channels realise the replies, features only ask what is possible.
 */
import type { Platform } from './model.js';

export interface PlatformTraits {
  /**
   * One message can look different to each viewer (Teams: Universal Actions refresh). Without it a card is the
   * same for everyone, so its buttons are offered to all and each click is checked.
   */
  perViewerCards: boolean;
}

export const PLATFORMS: Readonly<Record<Platform, PlatformTraits>> = {
  teams: { perViewerCards: true },
  slack: { perViewerCards: false },
};
