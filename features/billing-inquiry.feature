@uc:billing-inquiry
Feature: Billing inquiry at the MDM, and by the CIS (IEC 61968-9 clause 5.3, use case MR-05)
  Customer service (the CIS: the suite) asks the MDM get(MeterReadings) for the billing determinants of a meter
  (the profile's data.readingTypes.billing: registers, billing-period values of macroPeriod 8, time-of-use buckets,
  maximum demand; the register alone when it lists none) with Reading/reason billing or inquiry. The answer carries
  every determinant asked for, each ReadingType decodes to a billing quantity (CIM9-177) and each Reading echoes the
  reason of the request (CIM9-176: a warning when it does not).
  The CIS as SUT (client): the upper tester's order cis-billing-request {meter, readingTypes, reason} makes it ask the
  MDM the suite plays (<listener>/mdm) for the billing determinants of the meter (the profile's data.readingTypes.billing,
  else the register). Its request names the meter and exactly those ReadingTypes (DOM-CLIENT-REQUEST), each a billing
  quantity (CIM9-177), with Reading/reason the one it was told (MR-CLIENT-BILLING; CIM9-223: a warning by default, a
  failure when the profile requires it); the MDM the suite plays answers each determinant, and the CIS, asked by
  cis-report-readings, holds each of them with its value (DOM-CLIENT-OUTCOME, the report's readings by ReadingType).

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

  @usecase:MR-05 @pattern:P5 @edition:2024 @clause:2024:5.3
  @clause:2013:5.3.6 @role:CIS @edition:2013 @req:MR-05.C1 @cap:stimulus
  Scenario: The CIS asks the MDM the suite plays for the billing determinants of a meter for billing and holds them
    Given a meter installed at a usage point
    When the CIS is told to ask the MDM for the billing determinants of the meter with reason "billing"
    Then the MDM the suite plays receives the request
    And the request is valid against its schemas
    And the request header is conformant
    And the request asks for billing quantities with the reason the CIS was told to give
    And the request asks for exactly what the client was told to ask for
    And the MDM the suite plays takes the request
    And the CIS holds every billing determinant the answer gave, with its value

  @usecase:MR-05 @pattern:P5 @edition:2024 @clause:2024:5.3
  @clause:2013:5.3.6 @role:CIS @edition:2013 @req:MR-05.C2 @cap:stimulus
  Scenario: The CIS asks the MDM the suite plays for the billing determinants of a meter on a customer's inquiry
    Given a meter installed at a usage point
    When the CIS is told to ask the MDM for the billing determinants of the meter with reason "inquiry"
    Then the MDM the suite plays receives the request
    And the request is valid against its schemas
    And the request header is conformant
    And the request asks for billing quantities with the reason the CIS was told to give
    And the request asks for exactly what the client was told to ask for
    And the MDM the suite plays takes the request
    And the CIS holds every billing determinant the answer gave, with its value
