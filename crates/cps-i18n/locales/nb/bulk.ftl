## Bulk upload: "Last opp en liste" under Mine produkter
bulk-link = Last opp en liste
bulk-title = Last opp en liste med produkter
bulk-lead = Har dere utstyret i et regneark eller et inventarsystem? Last opp listen som CSV eller Excel (XLSX), maks. { $max } rader. Vi kontrollerer hele listen først og viser hva som blir registrert – ingenting lagres før dere bekrefter.
bulk-columns = Listen trenger en overskriftsrad med kolonnene Model, Serial number, Purchase date, Country of purchase og Retailer (i valgfri rekkefølge). Overskriftene skrives på engelsk eller svensk, som i malene nedenfor. I Model-kolonnen kan det stå modellkoden eller navnet i produktkatalogen. Serienummer trengs på hver rad; de andre opplysningene kan stå tomme og fylles ut senere, men produktet gir poeng først når alle fire er fylt ut.
bulk-formats = Datoer skrives ÅÅÅÅ-MM-DD eller ÅÅÅÅ-MM og land som landkode (NO, SE …). CSV-filer fra Excel fungerer, både med semikolon og komma.
bulk-template-sv = Last ned malen (svenske overskrifter)
bulk-template-en = Last ned malen (engelske overskrifter)
bulk-file-label = Fil med produkter
bulk-file-hint = CSV eller XLSX, maks. { $max } rader.
bulk-check = Kontroller listen
bulk-checking-note = En lang liste tar noen sekunder å kontrollere.
bulk-file-unreadable = Filen kunne ikke leses. Lagre den som CSV eller XLSX og prøv igjen.
bulk-file-no-header = Filen mangler en overskriftsrad med kolonnen Model (eller Modell). Ta gjerne utgangspunkt i malen.
bulk-file-empty = Filen inneholder ingen produkter.
bulk-file-too-many = Filen har { $count } rader. Del den opp i filer med maks. { $max } rader.
bulk-file-missing = Velg en fil å laste opp.
bulk-preview-title = Kontroller listen
bulk-preview-lead = { $valid ->
    [one] 1 produkt kan registreres
   *[other] { $valid_shown } produkter kan registreres
  } og gir { $points } poeng nå. { $skipped ->
    [0] Ingen rader hoppes over.
    [one] 1 rad hoppes over.
   *[other] { $skipped_shown } rader hoppes over.
  }
bulk-preview-nothing = Ingen rader i listen kan registreres. Rett filen og last den opp på nytt.
bulk-confirm = { $count ->
    [one] Registrer 1 produkt
   *[other] Registrer { $count_shown } produkter
  }
bulk-other-file = Velg en annen fil
bulk-skipped-title = Rader som hoppes over ({ $count_shown })
bulk-valid-title = Rader som registreres ({ $count_shown })
bulk-col-line = Rad
bulk-col-why = Hvorfor
bulk-col-note = Merknad
bulk-incomplete = Ufullstendig – { $missing }
bulk-complete = Fullstendig
bulk-suggestions = Mente dere: { $models }?
bulk-problem-model-missing = Modell mangler.
bulk-problem-model-unknown = Modellen finnes ikke i produktkatalogen.
bulk-problem-model-ambiguous = Flere modeller passer – skriv modellkoden.
bulk-problem-serial-missing = Serienummer mangler. I en liste trengs serienummeret for å kjenne igjen produktet.
bulk-problem-duplicate = Samme serienummer står allerede på rad { $line } i filen.
bulk-problem-serial-elsewhere = Serienummeret er allerede registrert av en annen bedrift. Er produktet deres? Kontakt CPS Priority Support.
bulk-result-title = Listen er registrert
bulk-result-lead = { $count ->
    [0] Ingen produkter ble registrert.
    [one] 1 produkt ble registrert og ga { $points } poeng.
   *[other] { $count_shown } produkter ble registrert og ga { $points } poeng.
  }
bulk-result-skipped = Disse radene ble hoppet over
bulk-result-none-skipped = Ingen rader ble hoppet over.
bulk-back = Til Mine produkter
bulk-gone-title = Listen finnes ikke lenger
bulk-gone = Listen er allerede registrert eller har utløpt (en kontrollert liste lagres i to timer). Last den opp på nytt hvis dere vil se hva som gjenstår – produkter som allerede er registrert, legges ikke til to ganger.
