@uc:switching
Feature: Customer switching (IEC 61968-9:2013, use case CS-01, fig. 43, pattern P6)
  A customer switches supplier: the new supplier (through the CIS) tells the MDM with change(UsagePointConfig) whose
  usage point names the new ServiceSupplier (CIM9-198). The MDM has the meter read for the switch: it asks its
  head-end, played by the suite at <listener>/hes (pics.MDM.sends), with get(MeterReadings) naming the
  meter of the usage point and a switching reason (Reading/reason moveIn or moveOut, CIM9-199; a missing reason is a
  failure and another one a warning by default, CIM9-200). The suite's head-end answers with a known register value,
  which the MDM publishes to the suppliers with created(MeterReadings): the suite listens at the CIS's address
  (<listener>/cis/events, CIM9-198) and checks the published switching read names the meter and carries exactly the
  value the head-end returned. The old supplier gets the same switching read at <listener>/suppliers/old (CIM9-220: none
  is a warning by default, the sequence is not public).
  The MasterDataLinkageConfig variant: before the change of supplier the CIS ends the link of the old customer account to
  the usage point and links the new account, both at the switch time (close or delete per PAY-14, and create of
  MasterDataLinkageConfig); the MDM's links are read back with GetUsagePointConfig filtered by each account (CIM9-221:
  a disagreement is a warning by default, the Get profile is not public).
  The MDM knows a supplier and a customer account once the CIS, their system of record, created them
  (create(ServiceSupplierConfig), create(CustomerAccountConfig), MD-02): the scenarios create theirs first, and a change
  naming a supplier the MDM was never told of is refused (CIM9-296: 2.20, 2.28 or 2.29 by default) and takes no effect.

  @usecase:CS-01 @pattern:P6 @edition:2013 @clause:2013:5.7
  @role:MDM @req:CS-01.1 @cap:relay
  Scenario: The MDM reads the meter for a change of supplier and publishes the switching read the head-end returned
    Given a meter installed at a usage point
    And the new supplier is known to the MDM
    When the new supplier tells the MDM of the switch of the meter's usage point, the suite playing its head-end
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the MDM asks the head-end for a switching read of the meter
    When the suppliers wait for the MDM's switching read
    Then every switching read publication is valid against its schemas and conformant
    And the published switching read carries the head-end's value of the meter
    And the old supplier gets the switching read too

  @usecase:CS-01 @pattern:P6 @edition:2013 @clause:2013:5.7
  @role:MDM @req:CS-01.2 @cap:relay
  Scenario: The CIS moves the usage point to the new customer account at the switch time, and both suppliers get the switching read
    Given a meter installed at a usage point
    And the new supplier is known to the MDM
    And the meter's usage point is linked to the old customer account
    When the CIS ends the link of the old customer account to the usage point at the switch time
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    When the CIS links the new customer account to the usage point at the switch time
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the MDM links the usage point to the new customer account only, from the switch time
    When the new supplier tells the MDM of the switch of the meter's usage point, the suite playing its head-end
    Then the reply has Result "OK"
    And the MDM asks the head-end for a switching read of the meter
    When the suppliers wait for the MDM's switching read
    Then every switching read publication is valid against its schemas and conformant
    And the published switching read carries the head-end's value of the meter
    And the old supplier gets the switching read too

  @usecase:CS-01 @pattern:P1 @edition:2013 @clause:2013:5.7 @clause:2013:AnnexB
  @role:MDM @req:CS-NEG-SUPPLIER @cap:relay
  Scenario: A change of supplier naming a service supplier the MDM does not know is refused and takes no effect (CIM9-296)
    Given a meter installed at a usage point
    When the new supplier tells the MDM of the switch of the meter's usage point to a service supplier unknown to the MDM
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the MDM refuses the change of supplier with the Annex B code of an unknown service supplier (CIM9-296)
    And the refused change takes no effect: no switching read, nothing published, and the usage point does not name the supplier

  @usecase:CS-01 @pattern:P2 @edition:2013 @clause:2013:5.7
  @role:CIS @req:CS-01.C2 @cap:stimulus
  Scenario Outline: The CIS acknowledges the <reason> switching read the MDM the suite plays publishes to it and holds it with its value and timeStamp
    Given a meter installed at a usage point
    When the MDM the suite plays publishes the switching read of the meter with reason <reason> to the CIS
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the CIS holds the switching read with its value and timeStamp

    Examples:
      | reason  |
      | moveIn  |
      | moveOut |

  @usecase:CS-01 @pattern:P1 @edition:2013 @clause:2013:5.7
  @role:CIS @req:CS-01.C1 @cap:stimulus
  Scenario: The CIS, the new supplier, tells the MDM the suite plays the new supplier of the usage point and links the new customer account at the switch time
    Given a meter installed at a usage point
    When the CIS is told of the switch of the meter's usage point to a new supplier and a new customer account
    Then the MDM the suite plays receives the change of supplier and the link of the new customer account
    And each request of the switch is valid against its schemas and its header is conformant
    And the change of supplier names the meter's usage point and the new supplier
    And the link joins the new customer account and the usage point, effective at the switch time (CIM9-259)
    And the change of supplier comes before the link (CIM9-258)
    And the MDM the suite plays takes both requests of the switch
