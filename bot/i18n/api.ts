// The tab API's refusals, in the caller's language (the tab sends its own as Accept-Language).
import { Messages } from './translate';
import en from './catalogues/api/en.json';
import de from './catalogues/api/de.json';
import es from './catalogues/api/es.json';
import fr from './catalogues/api/fr.json';
import ja from './catalogues/api/ja.json';

export const apiText = new Messages(en, { de, fr, es, ja });
export type ApiMessageId = keyof typeof en;
