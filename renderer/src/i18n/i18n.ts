import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from '../../../app/ui/catalogue-en.js';

/** One catalogue per language; English is complete and the fallback for any other. */
export async function startI18n(): Promise<void> {
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: en } },
    lng: 'en',
    fallbackLng: 'en',
    // React escapes what it renders.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
}
