// The Fluent web components the tab uses; each import defines its custom element. Form fields are
// native inputs styled with the same Fluent tokens (tab.css): labelled, keyboard-usable, autofill-friendly.
import '@fluentui/web-components/button.js';
import '@fluentui/web-components/message-bar.js';
import '@fluentui/web-components/badge.js';
import '@fluentui/web-components/spinner.js';
import '@fluentui/web-components/divider.js';
