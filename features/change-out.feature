@uc:change-out
Feature: Meter change-out at the MDM (IEC 61968-9 clauses 5.4 and 5.5; use cases EDC-05 and MSR-04)
  A meter is changed out for another, for a change of customer program (EDC-05) or to be recalibrated (MSR-04, 2013
  only). The work management (the suite) tells the MDM the new meter (create(MeterConfig)), ends the link of the old
  meter to the usage point (close or delete(MasterDataLinkageConfig), PAY-14) and links the new one, both effective at
  the change-out (in the order of CIM9-191); for a recalibration it also gives the old meter its status
  (change(MeterConfig), CIM9-190). The head-end (the suite) tells the MDM the removal of the old meter and the
  installation of the new one (created(EndDeviceEvents), domain 6) and the final read of the old meter and the initial
  read of the new one (created(MeterReadings), reasons removal / installation). The CIS (the suite) then asks the MDM
  what it kept: the usage point is linked to the new meter and no longer to the old one, each read comes back for the
  meter it was read from (its reason: CIM9-189). The usage point and both meters are the scenario's own, created at
  the MDM first, so that no meter of the profile is changed out.
  MSR-04 has no draft-2011 form: it is master data (MeterConfig, MasterDataLinkageConfig) and the 2011 draft schema set
  of the EPRI projects has neither profile (payloads.md §0.1, §0.5; use-cases.md §13), so a draft-2011 profile states
  MSR-04.1 not applicable with that reason (@edition-only:no-draft-master-data).

  @usecase:EDC-05 @pattern:P2 @edition:2024 @clause:2024:5.4
  @clause:2013:5.4 @role:MDM @edition:2013 @req:EDC-05.1
  Scenario: The MDM links the usage point to the new meter and keeps the final and initial reads of each meter
    Given a usage point and its meter created and linked at the MDM for a change-out
    When the work management creates the new meter at the MDM
    And the work management moves the usage point from the old meter to the new one at the MDM
    And the head-end tells the MDM the removal of the old meter and the installation of the new one
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    When the head-end tells the MDM the final read of the old meter and the initial read of the new one
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    When the CIS asks the MDM for the meters of the usage point
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the usage point is linked to the new meter and no longer to the old one
    When the CIS asks the MDM for the register of each meter around the change-out
    Then the reply is valid against its schemas
    And the final read is returned for the old meter and the initial read for the new one

  @usecase:MSR-04 @pattern:P2
  @clause:2013:5.5 @role:MDM @edition:2013 @edition-only:no-draft-master-data @req:MSR-04.1
  Scenario: The MDM keeps a meter changed out for recalibration: linkage, final and initial reads, asset status
    Given a usage point and its meter created and linked at the MDM for a change-out for recalibration
    When the work management creates the new meter at the MDM
    And the work management moves the usage point from the old meter to the new one at the MDM
    And the work management tells the MDM the old meter is removed for recalibration
    And the head-end tells the MDM the removal of the old meter and the installation of the new one
    Then the reply has Result "OK"
    When the head-end tells the MDM the final read of the old meter and the initial read of the new one
    Then the reply is valid against its schemas
    And the reply has Result "OK"
    When the CIS asks the MDM for the meters of the usage point
    Then the reply is valid against its schemas
    And the usage point is linked to the new meter and no longer to the old one
    When the CIS asks the MDM for the register of each meter around the change-out
    Then the final read is returned for the old meter and the initial read for the new one
    When the CIS asks the MDM for the old meter
    Then the reply is valid against its schemas
    And the old meter comes back with the status of a meter removed for recalibration
