// Team coffee breaks' words: the reminder card, its errors, and the breaks command's replies.
import de from './catalogues/breaks/de.json';
import en from './catalogues/breaks/en.json';
import es from './catalogues/breaks/es.json';
import fr from './catalogues/breaks/fr.json';
import ja from './catalogues/breaks/ja.json';
import { Messages } from './translate';

export const breaksText = new Messages(en, { de, fr, es, ja });
export type BreaksMessageId = keyof typeof en;
