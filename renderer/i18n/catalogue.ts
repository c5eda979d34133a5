import type { ErrorCode } from '../../shared/contract/result';
import type { LinkState, Locale } from '../../shared/contract/schemas';

/**
 * Every string the UI shows, Danish first (the counsellors are Danish), English alongside.
 * `en` must have exactly the keys of `da`: the compiler refuses a missing translation.
 */
const da = {
  'app.name': 'Tavs',
  'app.starting': 'Tavs starter …',
  'app.noConnection.title': 'Ingen forbindelse til Tavs',
  'app.noConnection.body':
    'Brugerfladen kan ikke nå arbejdsstationens baggrundstjeneste. Genstart Tavs; hjælper det ikke, så kontakt jeres administrator.',
  'language.label': 'Sprog',
  'language.da': 'Dansk',
  'language.en': 'English',
  'login.title': 'Log ind på din vagt',
  'login.intro': 'Arbejdsstationen er låst. Du kan kun tage opkald og chats, når du er logget ind på en vagt.',
  'login.username': 'Brugernavn',
  'login.password': 'Adgangskode',
  'login.submit': 'Log ind',
  'login.pending': 'Logger ind …',
  'logout.button': 'Log ud',
  'error.auth-failed': 'Forkert brugernavn eller adgangskode.',
  'error.auth-unavailable': 'Login er ikke muligt: der er ingen forbindelse til hubben. Kontakt jeres administrator.',
  'error.invalid-request': 'Udfyld brugernavn og adgangskode.',
  'error.not-logged-in': 'Du er ikke logget ind.',
  'error.forbidden-sender': 'Forespørgslen blev afvist af sikkerhedshensyn.',
  'error.unknown-channel': 'Forespørgslen findes ikke i denne version af Tavs.',
  'error.sip-not-configured': 'Telefonen er ikke sat op på denne arbejdsstation. Kontakt jeres administrator.',
  'error.sip-unreachable': 'Telefonserveren kan ikke nås. Tavs prøver igen af sig selv.',
  'error.sip-refused': 'En besked fra telefonserveren blev afvist af hensyn til den anonyme rådgivning.',
  'error.unknown-call': 'Samtalen findes ikke længere.',
  'error.internal': 'Der opstod en fejl i Tavs. Prøv igen; fortsætter fejlen, så kontakt jeres administrator.',
  'counsellor.title': 'Rådgivning',
  'counsellor.greeting': 'Du er logget ind som {name}.',
  'counsellor.phone': 'Telefon',
  'counsellor.phone.empty': 'Telefonen er ikke sat op på denne arbejdsstation endnu.',
  'counsellor.chat': 'Chat',
  'counsellor.chat.empty': 'Ingen chats.',
  'counsellor.records': 'Kontaktregistrering',
  'counsellor.records.empty': 'Ingen kontakter registreret på denne vagt.',
  'supervisor.title': 'Overblik over vagten',
  'supervisor.greeting': 'Du er logget ind som supervisor: {name}.',
  'supervisor.counsellors': 'Rådgivere',
  'supervisor.counsellors.empty': 'Ingen rådgivere er logget ind.',
  'status.label': 'Forbindelser',
  'status.app': 'Arbejdsstation',
  'status.hub': 'Hub',
  'status.sip': 'Telefoni',
  'status.transport.ipc': 'app',
  'status.transport.bridge': 'udviklingsbro',
  'status.version': 'Version {version} ({transport})',
  'link.not-configured': 'ikke sat op',
  'link.connecting': 'forbinder …',
  'link.online': 'forbundet',
  'link.offline': 'afbrudt',
} as const;

export type MessageKey = keyof typeof da;

const en: Record<MessageKey, string> = {
  'app.name': 'Tavs',
  'app.starting': 'Tavs is starting …',
  'app.noConnection.title': 'No connection to Tavs',
  'app.noConnection.body':
    "The user interface cannot reach the workstation's background service. Restart Tavs; if that does not help, contact your administrator.",
  'language.label': 'Language',
  'language.da': 'Dansk',
  'language.en': 'English',
  'login.title': 'Log in to your shift',
  'login.intro': 'The workstation is locked. You can take calls and chats only while logged in to a shift.',
  'login.username': 'User name',
  'login.password': 'Password',
  'login.submit': 'Log in',
  'login.pending': 'Logging in …',
  'logout.button': 'Log out',
  'error.auth-failed': 'Wrong user name or password.',
  'error.auth-unavailable': 'You cannot log in: there is no connection to the hub. Contact your administrator.',
  'error.invalid-request': 'Enter your user name and password.',
  'error.not-logged-in': 'You are not logged in.',
  'error.forbidden-sender': 'The request was refused for security reasons.',
  'error.unknown-channel': 'This version of Tavs does not know that request.',
  'error.sip-not-configured': 'The phone is not set up on this workstation. Contact your administrator.',
  'error.sip-unreachable': 'The phone server cannot be reached. Tavs keeps trying by itself.',
  'error.sip-refused': 'A message from the phone server was refused to protect the anonymous counselling.',
  'error.unknown-call': 'The call no longer exists.',
  'error.internal': 'Something went wrong in Tavs. Try again; if it persists, contact your administrator.',
  'counsellor.title': 'Counselling',
  'counsellor.greeting': 'You are logged in as {name}.',
  'counsellor.phone': 'Phone',
  'counsellor.phone.empty': 'The phone is not set up on this workstation yet.',
  'counsellor.chat': 'Chat',
  'counsellor.chat.empty': 'No chats.',
  'counsellor.records': 'Contact records',
  'counsellor.records.empty': 'No contacts recorded during this shift.',
  'supervisor.title': 'Shift overview',
  'supervisor.greeting': 'You are logged in as supervisor: {name}.',
  'supervisor.counsellors': 'Counsellors',
  'supervisor.counsellors.empty': 'No counsellors are logged in.',
  'status.label': 'Connections',
  'status.app': 'Workstation',
  'status.hub': 'Hub',
  'status.sip': 'Telephony',
  'status.transport.ipc': 'app',
  'status.transport.bridge': 'development bridge',
  'status.version': 'Version {version} ({transport})',
  'link.not-configured': 'not set up',
  'link.connecting': 'connecting …',
  'link.online': 'connected',
  'link.offline': 'disconnected',
};

export const catalogue: Record<Locale, Record<MessageKey, string>> = { da, en };

export function translate(locale: Locale, key: MessageKey, params: Record<string, string> = {}): string {
  return catalogue[locale][key].replace(/\{(\w+)\}/g, (match, name: string) => params[name] ?? match);
}

export const errorKey = (code: ErrorCode): MessageKey => `error.${code}`;
export const linkKey = (state: LinkState): MessageKey => `link.${state}`;
