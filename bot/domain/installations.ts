// Where Hallway is installed, as the Teams layer and the tab API need it; the drivers in bot/storage implement it.

/** Where Hallway is installed: a team, a group chat, a meeting chat or a personal chat. */
export type Installation = {
  conversationId: string;
  tenantId: string;
  conversationType: 'personal' | 'groupChat' | 'channel';
  teamId?: string;
  teamName?: string;
  /** The Teams layer's conversation reference, used to message the conversation later. */
  reference: unknown;
  installedBy?: string;
  installedAt: Date;
  /** When Hallway was removed from it (its data is deleted after the grace period); unset while installed. `upsert` ignores it. */
  removedAt?: Date;
};

export type Installations = {
  /** Stores or refreshes an installation; `created` is true only the first time. */
  upsert(installation: Installation): Promise<{ created: boolean }>;
  get(conversationId: string): Promise<Installation | undefined>;
};
