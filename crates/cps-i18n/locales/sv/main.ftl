## Layout
programme-name = CPS
programme-long = Canon Professional Services
skip-to-content = Hoppa till innehållet
nav-label = Huvudmeny
nav-menu = Meny
nav-my-products = Mina produkter
nav-account = Konto
nav-settings = Kontoinställningar
nav-log-out = Logga ut
nav-log-in = Logga in
nav-sign-up = Skapa företagskonto
language-switch-label = Språk
footer-faq = Vanliga frågor
footer-support = CPS Priority Support
footer-terms = Villkor
footer-privacy = Integritet
footer-note = CPS är ett betalt medlemsprogram för yrkesverksamma fotografer och filmare.

## Forms
form-error-summary = Det finns fel i formuläret
form-optional = (valfritt)
form-error-prefix = Fel:
button-save = Spara
button-continue = Fortsätt

## Errors
error-email-required = Ange din e-postadress.
error-email-invalid = Ange en e-postadress i formatet namn@exempel.se.
error-password-required = Ange ditt lösenord.
error-password-too-short = Lösenordet måste ha minst 12 tecken.
error-password-too-long = Lösenordet får ha högst 128 tecken.
error-password-common = Lösenordet är ett av de vanligaste lösenorden. Välj ett annat, till exempel några ord i följd.
error-password-mismatch = Lösenorden är inte likadana.
error-password-current-wrong = Det nuvarande lösenordet stämmer inte.
error-country-required = Välj land.
error-country-invalid = Välj ett land i listan.
error-vat-required = Ange momsregistreringsnummer.
error-vat-invalid = Momsregistreringsnumret stämmer inte för det valda landet. Svenska nummer skrivs SE + organisationsnummer + 01, till exempel SE556036079301.
error-vat-or-org-required = Ange momsregistreringsnummer eller organisationsnummer.
error-org-required = Ange organisationsnummer.
error-org-invalid = Organisationsnumret stämmer inte för det valda landet (kontrollsiffran eller antalet siffror).
error-org-vat-mismatch = Organisationsnumret stämmer inte med momsregistreringsnumret.
error-company-required = Ange företagets namn.
error-street-required = Ange gatuadress.
error-postal-code-required = Ange postnummer.
error-city-required = Ange ort.
error-contact-required = Ange kontaktperson.
error-text-invalid = Texten är för lång eller innehåller otillåtna tecken.
error-language-invalid = Välj svenska eller engelska.
error-csrf = Formuläret hade gått ut eller kom inte från den här webbplatsen. Försök igen.
error-too-many-requests = För många försök på kort tid. Vänta en stund och försök igen.
error-not-found-title = Sidan finns inte
error-not-found-text = Sidan du söker finns inte eller har flyttats.
error-forbidden-title = Åtkomst nekad
error-forbidden-text = Du har inte behörighet till den här sidan.
error-server-title = Något gick fel
error-server-text = Ett fel uppstod hos oss. Försök igen om en stund. Kvarstår felet, kontakta CPS Priority Support.
error-too-large-title = För mycket data
error-too-large-text = Det du skickade var för stort.
error-bad-request-title = Felaktig begäran
error-bad-request-text = Begäran kunde inte tolkas.
error-back-home = Till startsidan

## Home (logged out)
home-title = Så här registrerar du dig för CPS
home-lead = CPS är ett medlemsprogram för företag som arbetar med foto och film: registrera din utrustning, samla poäng och få prioriterad service och support.
home-step-account = Skapa ett företagskonto. Du får ett automatiskt e-postmeddelande och anger sedan ett nytt lösenord.
home-step-products = Registrera dina produkter under ”Mina produkter”. Hade du ett CPS-konto tidigare kan du migrera dina produkter.
home-step-points = Varje fullständigt registrerad produkt ger poäng. Vid 500 poäng bjuds du in till CPS.
home-step-join = Välj nivå och betala med kort eller banköverföring. Medlemskapet gäller direkt.
home-have-account = Har du redan ett konto?

## Sign-up
signup-title = Skapa företagskonto
signup-lead = CPS är till för registrerade företag: aktiebolag, enskilda firmor och föreningar. Du får ett e-postmeddelande med en länk för att ange lösenord.
signup-company-legend = Företaget
signup-contact-legend = Kontaktperson och inloggning
signup-legacy-legend = Tidigare CPS-konto
signup-company-name = Företagets namn
signup-vat-number = Momsregistreringsnummer
signup-vat-hint = Till exempel SE556036079301. Har företaget inget momsnummer anger du organisationsnummer i stället.
signup-org-number = Organisationsnummer
signup-org-hint = Till exempel 556036-0793. Enskild firma: ditt personnummer.
signup-country = Land
signup-country-choose = Välj land
signup-street = Gatuadress
signup-postal-code = Postnummer
signup-city = Ort
signup-contact-name = Kontaktperson
signup-email = E-postadress
signup-email-hint = Adressen du loggar in med. Hit skickar vi länken för att ange lösenord.
signup-language = Språk
signup-old-email = Din gamla e-postadress i CPS
signup-old-email-hint = Hade du ett CPS-konto i det gamla systemet? Ange adressen du använde där, så kan du migrera dina produkter.
signup-submit = Skapa konto
signup-sent-title = Kontrollera din e-post
signup-sent-text = Vi har skickat ett e-postmeddelande från { $sender } till adressen du angav, med nästa steg. Länken gäller i 48 timmar.
signup-sent-spam = Hittar du inget meddelande? Titta i skräpposten eller begär en ny länk via ”Glömt lösenordet?”.
lang-sv = Svenska
lang-en = Engelska

## Activation and reset
activate-title = Ange ett nytt lösenord
activate-lead = Välj ett lösenord för ditt företagskonto. Därefter loggar du in.
password-new = Nytt lösenord
password-new-hint = Minst 12 tecken. Ett par ord i följd är lätt att minnas och svårt att gissa.
password-confirm = Upprepa lösenordet
password-show = Visa lösenordet
activate-submit = Spara lösenord
token-invalid-title = Länken fungerar inte längre
token-invalid-text = Länken är redan använd eller har gått ut. Länkar för att aktivera kontot gäller i 48 timmar och länkar för att återställa lösenordet i en timme.
token-invalid-action = Begär en ny länk
activate-done = Ditt lösenord är sparat. Logga in för att fortsätta.
reset-done = Ditt lösenord är ändrat. Logga in med det nya lösenordet.
forgot-title = Glömt lösenordet?
forgot-lead = Ange e-postadressen du loggar in med. Vi skickar en länk för att ange ett nytt lösenord.
forgot-submit = Skicka länk
forgot-sent-title = Kontrollera din e-post
forgot-sent-text = Om adressen hör till ett konto har vi skickat en länk för att ange ett nytt lösenord. Länken gäller i en timme.
reset-title = Ange ett nytt lösenord

## Login
login-title = Logga in
login-email = E-postadress
login-password = Lösenord
login-submit = Logga in
login-forgot = Glömt lösenordet?
login-no-account = Inget konto ännu?
login-failed = E-postadressen eller lösenordet stämmer inte.
login-throttled = För många misslyckade inloggningar. Vänta en stund och försök igen, eller återställ lösenordet.
logged-out = Du är utloggad.
session-expired = Du har loggats ut eftersom du varit inaktiv. Logga in igen.

## Account settings
settings-title = Kontoinställningar
settings-saved = Ändringarna är sparade.
settings-company-legend = Företagsuppgifter
settings-company-submit = Spara företagsuppgifter
settings-language-legend = Språk
settings-language-submit = Spara språk
settings-old-email-legend = Tidigare CPS-konto
settings-old-email-submit = Spara gammal e-postadress
settings-password-legend = Byt lösenord
settings-password-current = Nuvarande lösenord
settings-password-submit = Byt lösenord
settings-password-changed = Lösenordet är bytt. Du har loggats ut på alla andra enheter.
settings-login-email = E-postadress för inloggning
settings-role = Roll
role-owner = Ägare
role-member = Medlem

## FAQ
faq-title = Vanliga frågor
faq-search-label = Sök bland frågorna
faq-search-submit = Sök
faq-results = Sökresultat
faq-no-results = Inga frågor matchar ”{ $query }”. Prova andra ord eller läs alla frågor nedan.
faq-all = Alla frågor
faq-topics = Ämnen
faq-read-more = Läs mer i Vanliga frågor
faq-green-check-link = Varför har en produkt ingen grön bock?
