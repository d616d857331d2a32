import type { UserText } from './user-text';

/** A person as Teams names them: who answers a check-in, joins coffee, sets up a break or presses a button. */
export type Person = {
  /** The Teams user id (29:...), used for refresh.userIds and 1:1 chats. */
  userId: string;
  /** The directory (Entra ID) object id; organisers and the tab know people by it. Teams may leave it out. */
  aadObjectId?: string;
  name: UserText;
  /** Sign-in name, for the Say hi chat link; looked up after the fact, so it may be missing. */
  upn?: string;
};
