@uc:load-control
Feature: Load control and group controls at the head-end (IEC 61968-9 clause 5.4, use cases EDC-01 and EDC-09)
  The DRMS (or the MDM) asks the head-end to start a load-control event with create(EndDeviceControls): one
  EndDeviceControl with the LoadControl start code (3.15.0.54), drProgramLevel, issuerID / issuerTrackingID and a
  primaryDeviceTiming with randomisation and an interval (CIM9-121). The suite plays the requester and the
  subscriber of the results (<listener>/mdm/events). Each device the control reached reports its result
  created(EndDeviceEvents) with the LoadControl event of the command (x.15.0.242 Started), naming the device and the
  control's issuerTrackingID (UC-16), dated after the command and within the control's interval.
  cancel(EndDeviceControls) naming the control by its mRID or its issuerTrackingID ends the event early: nothing
  more of it reaches the requester (CIM9-120); a canceled(EndDeviceControls) result may follow (CIM9-201): it names
  the canceled control and is correlated to the cancel.
  A start for several devices with a randomised start (primaryDeviceTiming randomisation "start", an interval longer
  than the duration) has every device start within the randomisation window (CIM9-202, by default the interval); one
  with a randomised end (randomisation "end") has every device tell its Stopped event (x.15.0.243) within the end
  window (CIM9-232, by default the interval), not before it started.
  In 2024 a control may target an EndDeviceGroup instead of devices (EDC-09): the suite defines the group first
  (create(EndDeviceGroups), CIM9-122), then disconnects it; every member reports its switch event and no other
  meter does (UC-23).
  PAN controls (PAN-03) and a real-time price signal (EDC-08) carry exactly one PAN action element (PanDisplay,
  PanDemandResponse, PanPricing with its PanPricingDetails in schema order); the head-end returns the controls it
  accepted in its reply (CIM9-123), each with the action sent and a price signal with its prices. A text message that
  asks for confirmation may be followed by the display's events (PAN-ACK, CIM9-233: optional by default): Displayed
  x.13.112.78, then Acknowledged x.13.112.3, dated after the control, never DisplayFailed x.13.112.87.

  @usecase:EDC-01 @pattern:P2 @edition:2024 @clause:2024:5.4
  @clause:2013:5.4 @role:HES @edition:2013 @edition:draft-2011 @req:EDC-01.1
  Scenario: The DRMS starts a load-control event and each device reports its result
    Given a meter installed at a usage point
    When the DRMS asks the head-end to start load control on the meter
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    When the requester waits for the results of its control
    Then every result message is valid against its schemas and conformant
    And every device of the control has its result event and no other device has one

  @usecase:EDC-01 @pattern:P2 @edition:2024 @clause:2024:5.4
  @clause:2013:5.4 @role:HES @edition:2013 @edition:draft-2011 @req:EDC-01.2
  Scenario Outline: The DRMS cancels a load-control event by its <key> and nothing more of it follows
    Given a meter installed at a usage point
    When the DRMS asks the head-end to start load control on the meter
    Then the reply has Result "OK"
    When the requester waits for the results of its control
    Then every device of the control has its result event and no other device has one
    When the DRMS cancels the control by its <key>
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And nothing more of the control reaches the requester after the cancel
    And the canceled result of the cancel, if the head-end sends one, names the canceled control

    Examples:
      | key              |
      | mRID             |
      | issuerTrackingID |

  @usecase:EDC-01 @pattern:P2 @edition:2024 @clause:2024:5.4 @meters:3
  @clause:2013:5.4 @role:HES @edition:2013 @edition:draft-2011 @req:EDC-01.3
  Scenario: The DRMS starts a load-control event with a randomised start and every device starts within its window
    Given 3 meters installed at usage points
    When the DRMS asks the head-end to start load control on the meters with a randomised start
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    When the requester waits for the results of its control
    Then every result message is valid against its schemas and conformant
    And every device of the control has its result event and no other device has one
    And every device starts within the randomisation window of the control

  @usecase:EDC-01 @pattern:P2 @edition:2024 @clause:2024:5.4 @meters:3
  @clause:2013:5.4 @role:HES @edition:2013 @edition:draft-2011 @req:EDC-01.5
  Scenario: The DRMS starts a load-control event with a randomised end and every device stops within its window
    Given 3 meters installed at usage points
    When the DRMS asks the head-end to start load control on the meters with a randomised end
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    When the requester waits for the results of its control
    Then every device of the control has its result event and no other device has one
    When the requester waits for the end of its control
    Then every end message is valid against its schemas and conformant
    And every device stops within the end window of the control

  @usecase:EDC-09 @pattern:P2 @edition:2024 @clause:2024:5.4 @meters:3
  @role:HES @req:EDC-09.1
  Scenario: The MDM disconnects an EndDeviceGroup and every member, and no other meter, reports its result
    Given 3 meters installed at usage points
    And the head-end knows a group of all the meters but the last
    When the MDM asks the head-end to disconnect the group
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    When the requester waits for the results of its control
    Then every result message is valid against its schemas and conformant
    And every device of the control has its result event and no other device has one

  @usecase:PAN-03 @pattern:P1 @edition:2024 @clause:2024:5.7
  @clause:2013:5.9 @role:HES @edition:2013 @edition:draft-2011 @req:PAN-03.1
  Scenario Outline: The DRMS sends a <kind> PAN control and the head-end returns it with exactly that action
    Given a meter installed at a usage point
    When the DRMS sends the head-end a "<kind>" PAN control for the meter
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the head-end returns the control with exactly the PAN action sent

    Examples:
      | kind            |
      | text message    |
      | demand response |

  @usecase:PAN-03 @pattern:P2 @edition:2024 @clause:2024:5.7
  @clause:2013:5.9 @role:HES @edition:2013 @edition:draft-2011 @req:PAN-03.3
  Scenario: The DRMS sends a text message asking for confirmation and the head-end tells it the display and the acknowledgement
    Given a meter installed at a usage point
    When the DRMS sends the head-end a "text message" PAN control for the meter
    Then the reply header is conformant
    And the reply has Result "OK"
    And the head-end returns the control with exactly the PAN action sent
    When the DRMS waits for the acknowledgement of its PAN control
    Then every acknowledgement message is valid against its schemas and conformant
    And the acknowledgement events are the display and the acknowledgement of the text message

  @usecase:EDC-08 @pattern:P1 @edition:2024 @clause:2024:5.4
  @clause:2013:5.4 @role:HES @edition:2013 @edition:draft-2011 @req:EDC-08.1
  Scenario: The DRMS sends a real-time price signal and the head-end returns it with its prices in schema order
    Given a meter installed at a usage point
    When the DRMS sends the head-end a "price signal" PAN control for the meter
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the head-end returns the control with exactly the PAN action sent
