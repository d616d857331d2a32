/**
 * Text people typed (notes, topics, questions, titles, display names, team and chat names) is its
 * own type. Teams renders Markdown in TextBlocks, FactSets and action titles, so `[x](https://…)`
 * there becomes a link; only TextRuns (inside a RichTextBlock) and input values show text as typed.
 * Card data declares the fields that render Markdown as CodeText, and a UserText value cannot be
 * given to one: the compiler keeps what people typed out of every Markdown field.
 *
 * Any string can be held as UserText (a name read back from storage is just a string), so the
 * domain's fields for typed text are declared as UserText and the brand travels with them. The
 * reverse is what is refused. Text built around user text (`${name} is the captain`) is a new
 * string without the brand: such sentences are given as TextRuns (see `Sentence` in cards/render).
 */
declare const userTextBrand: unique symbol;

/** Text a person wrote; shown only where Teams does not render Markdown. */
export type UserText = string & { readonly [userTextBrand]?: 'user-text' };

/** Text Hallway wrote; may go where Teams renders Markdown. Never accepts UserText. */
export type CodeText = string & { readonly [userTextBrand]?: never };

/** Marks text that came from a person, where it enters Hallway. */
export function userText(text: string): UserText {
  return text as UserText;
}
