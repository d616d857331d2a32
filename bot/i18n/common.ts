// Hallway's shared words: the help and welcome cards, the generic replies and forget me.
import { Messages } from './translate';
import en from './catalogues/common/en.json';
import de from './catalogues/common/de.json';
import es from './catalogues/common/es.json';
import fr from './catalogues/common/fr.json';
import ja from './catalogues/common/ja.json';

export const commonText = new Messages(en, { de, fr, es, ja });
export type CommonMessageId = keyof typeof en;
