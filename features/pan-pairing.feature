@uc:pan-pairing
Feature: Pairing of a PAN device at the head-end (IEC 61968-9 2013 clause 5.9, 2024 clause 5.7, use case PAN-01)
  The MDM opens the pairing window with create(EndDeviceControls) (CIM9-193: 3.10.73.298 Pairing.Window.Open, a
  vendor code) targeting the meter and listing the new PAN device in the control's EndDevices. The head-end answers
  OK and tells the MDM (<listener>/mdm/events) created(EndDeviceEvents) with the pairing result of the PAN device
  (CIM9-194: x.10.74.17 Association Confirmed; a discovery x.10.5.54 may precede it), dated after the control,
  naming the PAN device (CIM9-195), every event in domain 10 (Pairing).

  @usecase:PAN-01 @pattern:P2 @edition:2024 @clause:2024:5.7
  @clause:2013:5.9 @role:HES @edition:2013 @req:PAN-01.1
  Scenario: The MDM opens the pairing window and the head-end reports the PAN device paired
    Given a meter installed at a usage point
    When the MDM opens the pairing window on the meter for a new PAN device
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    When the MDM waits for the pairing result
    Then every pairing message is valid against its schemas and conformant
    And the pairing result names the PAN device, in domain 10, after the control
