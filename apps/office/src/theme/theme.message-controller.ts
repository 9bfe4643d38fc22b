import { AdoptTheme, GetTheme, ListThemes, ThemeCandidates } from '@grid122/contracts';
import { messageController } from '@grid122/messaging';
import { ThemeService } from './theme.service';

/** NATS adapters of the month's themes (每月一题): one line per pattern. */
export const ThemeMessageController = messageController('ThemeMessageController', { themes: ThemeService }, (on) => [
  on(ThemeCandidates, (s, req, a) => s.themes.candidates(a, req)),
  on(AdoptTheme, (s, req, a) => s.themes.adopt(a, req)),
  on(ListThemes, (s, req, a) => s.themes.list(a, req)),
  on(GetTheme, (s, req, a) => s.themes.get(a, req)),
]);
