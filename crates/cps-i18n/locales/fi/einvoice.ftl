# E-invoices and VAT numbers (VIES).
einvoice-reference = Viitteenne
einvoice-reference-hint = Näkyy laskulla viitteenänne (esimerkiksi tilaaja tai ostotilauksen numero). Ilman sitä laskulla näkyy yhteyshenkilö.
einvoice-settings-legend = Laskut
einvoice-settings-submit = Tallenna viite
error-reference-invalid = Viitteessä saa olla enintään 100 merkkiä, ilman rivinvaihtoja.
error-vat-not-in-vies = EU:n ALV-rekisteri (VIES) ei tunne tätä ALV-numeroa. Tarkistakaa numero tai jättäkää kenttä tyhjäksi ja antakaa yritystunnus.
einvoice-vies-consultation = ALV-numero tarkistettu VIES-järjestelmästä (kyselyn tunnistenumero)
