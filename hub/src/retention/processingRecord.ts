import type { HubPolicy } from '../policy/hubPolicy';

/**
 * The record of processing activities (fortegnelse, GDPR art. 30(1)) for what the hub
 * processes, generated from the policy in force so its periods can never drift from what the
 * retention jobs do. Markdown, in Danish: it is read by the service's DPO and by Datatilsynet.
 */
export function processingRecordMarkdown(policy: HubPolicy, generatedAt: Date): string {
  const { controller, retention, statistics, accounts } = policy;
  const years = (days: number): string => (days % 365 === 0 ? `${days / 365} år` : `${days} dage`);
  const lines = [
    '# Fortegnelse over behandlingsaktiviteter (databeskyttelsesforordningens art. 30)',
    '',
    `Genereret ${generatedAt.toISOString().slice(0, 10)} af Tavs-hubben ud fra den gældende politikfil.`,
    '',
    '## a) Dataansvarlig',
    '',
    `- Navn: ${controller.name}`,
    `- Adresse: ${controller.address || '(ikke angivet)'}`,
    `- Kontakt: ${controller.contact || '(ikke angivet)'}`,
    `- Databeskyttelsesrådgiver (DPO): ${controller.dataProtectionOfficer || '(ikke angivet)'}`,
    '',
    '## b) Formål',
    '',
    '1. Anonym rådgivning pr. telefon og chat: registrering af anonyme kontaktoplysninger til opfølgning på egen vagt og til statistik.',
    '2. Optælling af unikke og gentagne henvendelser uden at kunne identificere den, der henvender sig.',
    '3. Administration af medarbejdernes adgang, vagter og sikkerhed (login, to-faktor, revisionslog).',
    '',
    '## c) Kategorier af registrerede og personoplysninger',
    '',
    '| Registrerede | Oplysninger | Art |',
    '|---|---|---|',
    '| Personer, der henvender sig | Kontaktregistrering: kanal, tidspunkt (minut), varighed, emner, aldersgruppe, køn, udfald, henvisning; fritekstresumé renset for telefonnumre, e-mail, CPR-numre, IP-adresser og links | Anonyme oplysninger; resuméet kan undtagelsesvis indeholde oplysninger, som rådgiveren har skrevet |',
    '| Personer, der henvender sig | Nøglet hash af udbyderens pseudonym (ikke nummeret) | Pseudonyme oplysninger |',
    '| Personer, der henvender sig | Udbyderens opkaldsreference ved nødsituation (afværgepligt) | Pseudonym reference; kun udbyderen kan slå den op |',
    '| Medarbejdere | Brugernavn, navn, rolle, adgangskode-hash (argon2id), to-faktor-hemmelighed, sessioner, revisionslog | Almindelige oplysninger |',
    '',
    'Hubben modtager aldrig telefonnumre, IP-adresser eller navne på personer, der henvender sig: arbejdsstationens identitetsfirewall fjerner dem, før noget gemmes.',
    '',
    '## d) Modtagere',
    '',
    '- Ingen videregivelse af kontaktregistreringer. Offentliggjort statistik indeholder kun tal på mindst ' +
      `${statistics.minimumCellSize} (mindre celler undertrykkes, også så de ikke kan regnes ud af totaler).`,
    '- Ved nødsituationer: udbyderen får opkaldsreferencen, så myndighederne via udbyderen kan handle (afværgepligt).',
    '',
    '## e) Overførsel til tredjelande',
    '',
    '- Ingen.',
    '',
    '## f) Slettefrister',
    '',
    '| Oplysninger | Slettes efter |',
    '|---|---|',
    `| Resumé og nødreference i kontaktregistreringer | ${retention.recordDetailDays} dage efter modtagelse |`,
    `| Kontaktregistreringer (grundlaget for statistik) | ${years(retention.recordDays)} efter henvendelsen |`,
    `| Nøglede hashes af pseudonymer, og nøglerne | ${retention.contactWindowDays} dage (nøgler efter ${2 * retention.contactWindowDays} dage) |`,
    `| Udløbne og tilbagekaldte sessioner | ${retention.sessionDays} dage |`,
    '| Revisionslog | Opbevares så længe hubben drives (kun handlinger, aldrig indhold) |',
    '',
    'Sletning udføres automatisk af hubbens sletjob mindst én gang i timen.',
    '',
    '## g) Tekniske og organisatoriske sikkerhedsforanstaltninger',
    '',
    '- Arbejdsstationen: krypteret lokal database (SQLCipher) med nøgle i styresystemets nøglering; låst kiosk-app; kun tilgængelig under en vagt.',
    `- Login med adgangskode og to-faktor (TOTP) — obligatorisk for supervisorer og administratorer, ${accounts.counsellorTotp === 'required' ? 'også' : 'valgfrit'} for rådgivere; sessioner udløber efter ${accounts.sessionHours} timer.`,
    '- Revisionslog med hash-kæde, så ændringer kan opdages; kun administratorer kan læse den.',
    '- Kryptering under transport (TLS) mellem arbejdsstation og hub.',
    `- Statistik undertrykker celler under ${statistics.minimumCellSize}.`,
    '',
  ];
  return lines.join('\n');
}
