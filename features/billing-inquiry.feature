@uc:billing-inquiry
Feature: Billing inquiry at the MDM (IEC 61968-9 clause 5.3, use case MR-05)
  Customer service (the CIS: the suite) asks the MDM get(MeterReadings) for the billing determinants of a meter
  (the profile's data.readingTypes.billing: registers, billing-period values of macroPeriod 8, time-of-use buckets,
  maximum demand; the register alone when it lists none) with Reading/reason billing or inquiry. The answer carries
  every determinant asked for, each ReadingType decodes to a billing quantity (CIM9-177) and each Reading echoes the
  reason of the request (CIM9-176: a warning when it does not).

  @usecase:MR-05 @pattern:P5 @edition:2024 @clause:2024:5.3
  @clause:2013:5.3.6 @role:MDM @edition:2013 @req:MR-05.1
  Scenario: The CIS asks the MDM for the billing determinants of a meter for billing
    Given a meter installed at a usage point
    When the CIS asks the MDM for the billing determinants of the meter with reason "billing"
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the reply carries billing quantities with the reason of the request

  @usecase:MR-05 @pattern:P5 @edition:2024 @clause:2024:5.3
  @clause:2013:5.3.6 @role:MDM @edition:2013 @req:MR-05.2
  Scenario: Customer service asks the MDM for the billing determinants of a meter on a customer's inquiry
    Given a meter installed at a usage point
    When the CIS asks the MDM for the billing determinants of the meter with reason "inquiry"
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the reply carries billing quantities with the reason of the request
