## Bulk upload: "Ladda upp en lista" under Mina produkter
bulk-link = Ladda upp en lista
bulk-title = Ladda upp en lista med produkter
bulk-lead = Har ni utrustningen i ett kalkylark eller ett inventariesystem? Ladda upp listan som CSV eller Excel (XLSX), högst { $max } rader. Vi kontrollerar hela listan först och visar vad som registreras – ingenting sparas förrän ni bekräftar.
bulk-columns = Listan behöver en rubrikrad med kolumnerna Modell, Serienummer, Inköpsdatum, Inköpsland och Återförsäljare (i valfri ordning). Modell kan vara modellkoden eller namnet i katalogen. Serienummer behövs på varje rad; övriga uppgifter kan lämnas tomma och fyllas i senare, men produkten ger poäng först när alla fyra är ifyllda.
bulk-formats = Datum skrivs ÅÅÅÅ-MM-DD eller ÅÅÅÅ-MM och land som landskod (SE, NO …). CSV-filer från Excel går bra, både med semikolon och kommatecken.
bulk-template-sv = Ladda ner mallen (svenska rubriker)
bulk-template-en = Ladda ner mallen (engelska rubriker)
bulk-file-label = Fil med produkter
bulk-file-hint = CSV eller XLSX, högst { $max } rader.
bulk-check = Kontrollera listan
bulk-checking-note = En lång lista tar några sekunder att kontrollera.
bulk-file-unreadable = Filen gick inte att läsa. Spara den som CSV eller XLSX och försök igen.
bulk-file-no-header = Filen saknar en rubrikrad med kolumnen Modell. Utgå gärna från mallen.
bulk-file-empty = Filen innehåller inga produkter.
bulk-file-too-many = Filen har { $count } rader. Dela upp den i filer med högst { $max } rader.
bulk-file-missing = Välj en fil att ladda upp.
bulk-preview-title = Kontrollera listan
bulk-preview-lead = { $valid ->
    [one] 1 produkt kan registreras
   *[other] { $valid_shown } produkter kan registreras
  } och ger { $points } poäng nu. { $skipped ->
    [0] Inga rader hoppas över.
    [one] 1 rad hoppas över.
   *[other] { $skipped_shown } rader hoppas över.
  }
bulk-preview-nothing = Ingen rad i listan kan registreras. Rätta filen och ladda upp den igen.
bulk-confirm = { $count ->
    [one] Registrera 1 produkt
   *[other] Registrera { $count_shown } produkter
  }
bulk-other-file = Välj en annan fil
bulk-skipped-title = Rader som hoppas över ({ $count_shown })
bulk-valid-title = Rader som registreras ({ $count_shown })
bulk-col-line = Rad
bulk-col-why = Varför
bulk-col-note = Anmärkning
bulk-incomplete = Ofullständig – { $missing }
bulk-complete = Fullständig
bulk-suggestions = Menade ni: { $models }?
bulk-problem-model-missing = Modell saknas.
bulk-problem-model-unknown = Modellen finns inte i katalogen.
bulk-problem-model-ambiguous = Flera modeller passar – skriv modellkoden.
bulk-problem-serial-missing = Serienummer saknas. I en lista behövs serienumret för att känna igen produkten.
bulk-problem-duplicate = Samma serienummer finns redan på rad { $line } i filen.
bulk-problem-serial-elsewhere = Serienumret är redan registrerat av ett annat företag. Är produkten er? Kontakta CPS Priority Support.
bulk-result-title = Listan är registrerad
bulk-result-lead = { $count ->
    [0] Inga produkter registrerades.
    [one] 1 produkt registrerades och gav { $points } poäng.
   *[other] { $count_shown } produkter registrerades och gav { $points } poäng.
  }
bulk-result-skipped = Dessa rader hoppades över
bulk-result-none-skipped = Inga rader hoppades över.
bulk-back = Till Mina produkter
bulk-gone-title = Listan finns inte längre
bulk-gone = Listan är redan registrerad eller har gått ut (en kontrollerad lista sparas i två timmar). Ladda upp den igen om ni vill se vad som återstår – redan registrerade produkter läggs inte till två gånger.
