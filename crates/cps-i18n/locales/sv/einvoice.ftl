# E-fakturor och momsregistreringsnummer (VIES).
einvoice-reference = Er referens
einvoice-reference-hint = Står på fakturan som er referens (till exempel en beställare eller ett inköpsordernummer). Utan den står kontaktpersonen där.
einvoice-settings-legend = Fakturor
einvoice-settings-submit = Spara referens
error-reference-invalid = Referensen får vara högst 100 tecken, utan radbrytningar.
error-vat-not-in-vies = EU:s momsregister (VIES) känner inte till det här momsregistreringsnumret. Kontrollera numret, eller lämna det tomt och ange organisationsnummer.
einvoice-vies-consultation = Momsregistreringsnumret kontrollerat i VIES (konsultationsnummer)
