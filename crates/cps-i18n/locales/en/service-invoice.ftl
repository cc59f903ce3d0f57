# The repair invoice (issue 15): its lines, the discount and the maintenance allowance (PDF and page).
svc-inv-request = Service request
svc-inv-product = Product
svc-inv-description = Description
svc-inv-kind-part = Part
svc-inv-kind-labour = Labour
svc-inv-kind-sensor_clean = Sensor clean
svc-inv-kind-diagnosis_fee = Diagnosis fee
svc-inv-lines-total = Lines total (list price)
svc-inv-discount = Member discount { $percent }% on parts and labour ({ $base })
svc-inv-free-clean = Free sensor clean (included in the membership)
svc-inv-allowance = Maintenance allowance
