@uc:pan-pairing
Feature: Pairing of a PAN device at the head-end (IEC 61968-9 2013 clause 5.9, 2024 clause 5.7, use case PAN-01)
  The MDM opens the pairing window with create(EndDeviceControls) (CIM9-193: 3.10.73.298 Pairing.Window.Open, a
  vendor code) targeting the meter and listing the new PAN device in the control's EndDevices. The head-end answers
  OK and tells the MDM (<listener>/mdm/events) created(EndDeviceEvents) with the pairing result of the PAN device
  (CIM9-194: x.10.74.17 Association Confirmed; a discovery x.10.5.54 may precede it), dated after the control,
  naming the PAN device (CIM9-195), every event in domain 10 (Pairing).
  A PAN device the meter cannot pair (its install code does not match; set up through the stimulus contract) is
  reported failed (CIM9-161: x.10.74.85 Association Failed), never paired. The MDM may close the window early
  (CIM9-162: 3.10.73.299 Pairing.Window.Close, targeting the meter): a PAN device that asks to join afterwards is
  not reported paired. A window on a meter the head-end does not know is refused with the Annex B code of an unknown
  meter (2.4), judged against its valid twin (the same window on a known meter).
  With the MDM as SUT (UC-28, PAN-01.5): the CIS creates the PAN device at the MDM with create(EndDeviceConfig)
  (EndDevice isPan, installCode, electronicAddress/mac; its meter named per CIM9-247); the MDM answers OK and opens the
  pairing window at its head-end (played by the suite at <listener>/hes, pics.MDM.sends): create(EndDeviceControls)
  with the window code (CIM9-193) targeting the meter and listing the PAN device with its installCode, no other device
  (PAN-RELAY-WINDOW). The head-end then tells the MDM the pairing result, accepted (CIM9-194) or rejected (CIM9-161),
  dated after the window; the MDM acknowledges it, and links the PAN device to the usage point of its meter only when it
  was paired (created(MasterDataLinkageConfig) to <listener>/masterdata: PAN-RELAY-LINK, CIM9-248, a warning by default).

  @usecase:PAN-01 @pattern:P2 @edition:2024 @clause:2024:5.7
  @clause:2013:5.9 @role:HES @edition:2013 @edition:draft-2011 @req:PAN-01.1
  Scenario: The MDM opens the pairing window and the head-end reports the PAN device paired
    Given a meter installed at a usage point
    When the MDM opens the pairing window on the meter for a new PAN device
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    When the MDM waits for the pairing result
    Then every pairing message is valid against its schemas and conformant
    And the pairing result names the PAN device, in domain 10, after the control

  @usecase:PAN-01 @pattern:P2 @edition:2024 @clause:2024:5.7
  @clause:2013:5.9 @role:HES @edition:2013 @edition:draft-2011 @req:PAN-01.2 @cap:stimulus
  Scenario: The head-end reports the pairing failed for a PAN device the meter cannot pair
    Given a meter installed at a usage point
    And a new PAN device at the meter that the meter cannot pair
    When the MDM opens the pairing window on the meter for that PAN device
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    When the MDM waits for the pairing failure
    Then every pairing message is valid against its schemas and conformant
    And the pairing failure names the PAN device, in domain 10, after the control, and it is not paired

  @usecase:PAN-01 @pattern:P2 @edition:2024 @clause:2024:5.7
  @clause:2013:5.9 @role:HES @edition:2013 @edition:draft-2011 @req:PAN-01.3 @cap:stimulus
  Scenario: The MDM closes the pairing window early and the head-end pairs no PAN device after it
    Given a meter installed at a usage point
    And a new PAN device out of range of the meter
    When the MDM opens the pairing window on the meter for that PAN device
    Then the reply has Result "OK"
    When the MDM closes the pairing window on the meter
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    When the PAN device comes into range and asks the meter to join
    Then no event tells the PAN device paired after the window was closed

  @usecase:PAN-01 @pattern:P1 @edition:2024 @clause:2024:5.7 @clause:2024:AnnexB
  @clause:2013:5.9 @clause:2013:AnnexB @role:HES @edition:2013 @edition:draft-2011 @req:PAN-01.4
  Scenario: The head-end refuses to open the pairing window on a meter it does not know
    Given a meter unknown to the SUT
    When the MDM opens the pairing window on the meter for a new PAN device
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "FAILED" with the Annex B code for "unknownMeter"

  @usecase:PAN-01 @pattern:P6 @edition:2024 @clause:2024:5.7
  @clause:2013:5.9 @role:MDM @edition:2013 @req:PAN-01.5 @cap:relay
  Scenario Outline: The CIS creates a PAN device at the MDM, the MDM opens the pairing window at its head-end and acknowledges the pairing <outcome>
    Given a meter installed at a usage point
    When the CIS creates a PAN device of the meter at the MDM, the suite playing its head-end
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the MDM opens the pairing window at its head-end on the meter for the PAN device, with its installCode
    When the head-end tells the MDM the pairing of the PAN device <outcome>
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the MDM links the PAN device to the usage point of its meter only when it was paired

    Examples:
      | outcome  |
      | accepted |
      | rejected |
