# E-fakturaer og mva-registreringsnumre (VIES).
einvoice-reference = Deres referanse
einvoice-reference-hint = Står på fakturaen som deres referanse (for eksempel en bestiller eller et innkjøpsordrenummer). Uten den står kontaktpersonen der.
einvoice-settings-legend = Fakturaer
einvoice-settings-submit = Lagre referanse
error-reference-invalid = Referansen kan være på høyst 100 tegn, uten linjeskift.
error-vat-not-in-vies = EUs mva-register (VIES) kjenner ikke til dette mva-registreringsnummeret. Kontroller nummeret, eller la feltet stå tomt og oppgi organisasjonsnummer.
einvoice-vies-consultation = Mva-registreringsnummeret kontrollert i VIES (konsultasjonsnummer)
