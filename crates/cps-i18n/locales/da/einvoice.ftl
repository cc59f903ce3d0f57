# E-fakturaer og momsregistreringsnumre (VIES).
einvoice-reference = Jeres reference
einvoice-reference-hint = Står på fakturaen som jeres reference (for eksempel en bestiller eller et indkøbsordrenummer). Uden den står kontaktpersonen dér.
einvoice-settings-legend = Fakturaer
einvoice-settings-submit = Gem reference
error-reference-invalid = Referencen må højst være på 100 tegn, uden linjeskift.
error-vat-not-in-vies = EU's momsregister (VIES) kender ikke dette momsregistreringsnummer. Kontrollér nummeret, eller lad feltet være tomt, og angiv organisationsnummer.
einvoice-vies-consultation = Momsregistreringsnummeret kontrolleret i VIES (konsultationsnummer)
