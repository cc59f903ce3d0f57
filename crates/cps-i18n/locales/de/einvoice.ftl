# E-invoices and VAT numbers (VIES).
einvoice-reference = Ihre Referenz
einvoice-reference-hint = Steht auf der Rechnung als Ihre Referenz (zum Beispiel der Besteller oder eine Bestellnummer). Ohne sie steht dort der Ansprechpartner.
einvoice-settings-legend = Rechnungen
einvoice-settings-submit = Referenz speichern
error-reference-invalid = Die Referenz darf höchstens 100 Zeichen lang sein, ohne Zeilenumbrüche.
error-vat-not-in-vies = Das MwSt-Informationsaustauschsystem der EU (VIES) kennt diese USt-IdNr. nicht. Prüfen Sie die Nummer, oder lassen Sie das Feld leer und geben Sie die Registernummer an.
einvoice-vies-consultation = USt-IdNr. in VIES geprüft (Konsultationsnummer)
