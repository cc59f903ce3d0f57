## Bulk upload: "Upload en liste" under Mine produkter
bulk-link = Upload en liste
bulk-title = Upload en liste med produkter
bulk-lead = Har I udstyret i et regneark eller et inventarsystem? Upload listen som CSV eller Excel (XLSX), højst { $max } rækker. Vi kontrollerer hele listen først og viser, hvad der bliver registreret – intet gemmes, før I bekræfter.
bulk-columns = Listen skal have en overskriftsrække med kolonnerne Model, Serial number, Purchase date, Country of purchase og Retailer (i vilkårlig rækkefølge). Overskrifterne skrives på engelsk eller svensk som i skabelonerne nedenfor. Model kan være modelkoden eller navnet i produktkataloget. Der skal være et serienummer i hver række; de øvrige oplysninger kan stå tomme og udfyldes senere, men produktet giver først point, når alle fire er udfyldt.
bulk-formats = Datoer skrives ÅÅÅÅ-MM-DD eller ÅÅÅÅ-MM og lande som landekode (DK, SE …). CSV-filer fra Excel fungerer fint, både med semikolon og komma.
bulk-template-sv = Download skabelonen (svenske overskrifter)
bulk-template-en = Download skabelonen (engelske overskrifter)
bulk-file-label = Fil med produkter
bulk-file-hint = CSV eller XLSX, højst { $max } rækker.
bulk-check = Kontrollér listen
bulk-checking-note = En lang liste tager nogle sekunder at kontrollere.
bulk-file-unreadable = Filen kunne ikke læses. Gem den som CSV eller XLSX, og prøv igen.
bulk-file-no-header = Filen mangler en overskriftsrække med kolonnen Model. Tag gerne udgangspunkt i skabelonen.
bulk-file-empty = Filen indeholder ingen produkter.
bulk-file-too-many = Filen har { $count } rækker. Del den op i filer med højst { $max } rækker.
bulk-file-missing = Vælg en fil, der skal uploades.
bulk-preview-title = Kontrollér listen
bulk-preview-lead = { $valid ->
    [one] 1 produkt kan registreres
   *[other] { $valid_shown } produkter kan registreres
  } og giver { $points } point nu. { $skipped ->
    [0] Ingen rækker springes over.
    [one] 1 række springes over.
   *[other] { $skipped_shown } rækker springes over.
  }
bulk-preview-nothing = Ingen rækker på listen kan registreres. Ret filen, og upload den igen.
bulk-confirm = { $count ->
    [one] Registrér 1 produkt
   *[other] Registrér { $count_shown } produkter
  }
bulk-other-file = Vælg en anden fil
bulk-skipped-title = Rækker, der springes over ({ $count_shown })
bulk-valid-title = Rækker, der registreres ({ $count_shown })
bulk-col-line = Række
bulk-col-why = Hvorfor
bulk-col-note = Bemærkning
bulk-incomplete = Ufuldstændig – { $missing }
bulk-complete = Fuldstændig
bulk-suggestions = Mente I: { $models }?
bulk-problem-model-missing = Model mangler.
bulk-problem-model-unknown = Modellen findes ikke i produktkataloget.
bulk-problem-model-ambiguous = Flere modeller passer – skriv modelkoden.
bulk-problem-serial-missing = Serienummer mangler. I en liste skal serienummeret bruges til at genkende produktet.
bulk-problem-duplicate = Samme serienummer står allerede i række { $line } i filen.
bulk-problem-serial-elsewhere = Serienummeret er allerede registreret af en anden virksomhed. Er produktet jeres? Kontakt CPS Priority Support.
bulk-result-title = Listen er registreret
bulk-result-lead = { $count ->
    [0] Ingen produkter blev registreret.
    [one] 1 produkt blev registreret og gav { $points } point.
   *[other] { $count_shown } produkter blev registreret og gav { $points } point.
  }
bulk-result-skipped = Disse rækker blev sprunget over
bulk-result-none-skipped = Ingen rækker blev sprunget over.
bulk-back = Til Mine produkter
bulk-gone-title = Listen findes ikke længere
bulk-gone = Listen er allerede registreret eller er udløbet (en kontrolleret liste gemmes i to timer). Upload den igen, hvis I vil se, hvad der mangler – produkter, der allerede er registreret, tilføjes ikke to gange.
