## Bulk upload: "Upload a list" under My products
bulk-link = Upload a list
bulk-title = Upload a list of products
bulk-lead = Do you keep your equipment in a spreadsheet or an asset-management system? Upload the list as CSV or Excel (XLSX), at most { $max } rows. We check the whole list first and show what will be registered – nothing is saved until you confirm.
bulk-columns = The list needs a header row with the columns Model, Serial number, Purchase date, Country of purchase and Retailer (in any order). Model can be the catalogue's model code or name. Every row needs a serial number; the other details may be left blank and filled in later, but a product gives points only when all four are filled in.
bulk-formats = Write dates as YYYY-MM-DD or YYYY-MM and countries as country codes (SE, NO …). CSV files from Excel work, with semicolons or commas.
bulk-template-sv = Download the template (Swedish headings)
bulk-template-en = Download the template (English headings)
bulk-file-label = File with products
bulk-file-hint = CSV or XLSX, at most { $max } rows.
bulk-check = Check the list
bulk-checking-note = A long list takes a few seconds to check.
bulk-file-unreadable = The file could not be read. Save it as CSV or XLSX and try again.
bulk-file-no-header = The file has no header row with a Model column. Start from the template if you can.
bulk-file-empty = The file has no products.
bulk-file-too-many = The file has { $count } rows. Split it into files of at most { $max } rows.
bulk-file-missing = Choose a file to upload.
bulk-preview-title = Check the list
bulk-preview-lead = { $valid ->
    [one] 1 product can be registered
   *[other] { $valid_shown } products can be registered
  } and gives { $points } points now. { $skipped ->
    [0] No rows are skipped.
    [one] 1 row is skipped.
   *[other] { $skipped_shown } rows are skipped.
  }
bulk-preview-nothing = No row of the list can be registered. Correct the file and upload it again.
bulk-confirm = { $count ->
    [one] Register 1 product
   *[other] Register { $count_shown } products
  }
bulk-other-file = Choose another file
bulk-skipped-title = Rows that are skipped ({ $count_shown })
bulk-valid-title = Rows that are registered ({ $count_shown })
bulk-col-line = Row
bulk-col-why = Why
bulk-col-note = Note
bulk-incomplete = Incomplete – { $missing }
bulk-complete = Complete
bulk-suggestions = Did you mean: { $models }?
bulk-problem-model-missing = The model is missing.
bulk-problem-model-unknown = The model is not in the catalogue.
bulk-problem-model-ambiguous = Several models fit – write the model code.
bulk-problem-serial-missing = The serial number is missing. In a list the serial number is needed to recognise the product.
bulk-problem-duplicate = The same serial number is already on row { $line } of the file.
bulk-problem-serial-elsewhere = This serial number is already registered by another business. Is the product yours? Contact CPS Priority Support.
bulk-result-title = The list is registered
bulk-result-lead = { $count ->
    [0] No products were registered.
    [one] 1 product was registered and gave { $points } points.
   *[other] { $count_shown } products were registered and gave { $points } points.
  }
bulk-result-skipped = These rows were skipped
bulk-result-none-skipped = No rows were skipped.
bulk-back = Back to My products
bulk-gone-title = The list is no longer here
bulk-gone = The list has been registered already or has expired (a checked list is kept for two hours). Upload it again to see what is left – products already registered are not added twice.
