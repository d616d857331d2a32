// Virtual coffee's words: the match and follow-up cards, its notices and command replies.
import de from './catalogues/coffee/de.json';
import en from './catalogues/coffee/en.json';
import es from './catalogues/coffee/es.json';
import fr from './catalogues/coffee/fr.json';
import ja from './catalogues/coffee/ja.json';
import { Messages } from './translate';

export const coffeeText = new Messages(en, { de, fr, es, ja });
export type CoffeeMessageId = keyof typeof en;
