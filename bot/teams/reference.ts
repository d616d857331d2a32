import { TurnContext, type Activity, type ConversationReference } from 'botbuilder';

/**
 * What Hallway keeps to message a conversation later: the conversation, the bot and the service
 * URL. botbuilder's reference also names the person whose message it came from; that is dropped,
 * so stored references never hold anyone's identity.
 */
export function storedReference(activity: Partial<Activity>): Partial<ConversationReference> {
  const { user: _user, activityId: _activityId, ...reference } = TurnContext.getConversationReference(activity);
  return reference;
}
